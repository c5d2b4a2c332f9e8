package io.fnjobs.orders.validation;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One thing wrong with an order message: the field (a path such as {@code items[1].unitPrice}), the
 * value found there (null when absent; cut to 100 characters), and what is wrong with it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String field, String value, String problem) {

  private static final int MAX_VALUE = 100;

  public Violation {
    if (value != null && value.length() > MAX_VALUE) {
      value = value.substring(0, MAX_VALUE) + "…";
    }
  }

  @Override
  public String toString() {
    return "field '" + field + "'" + (value == null ? "" : " = '" + value + "'") + ": " + problem;
  }
}
