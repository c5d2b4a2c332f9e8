package io.fnjobs.common.job;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The work refuses its input for good (not an image, an invalid order...): the unit of work is
 * recorded as {@code rejected} with this code and message, and never retried. {@code details}, when
 * given, is kept as the flag's result, so that callers can read every reason field by field.
 */
public class RejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final transient JsonNode details;

  public RejectedException(String code, String message) {
    this(code, message, null);
  }

  public RejectedException(String code, String message, JsonNode details) {
    super(message);
    this.code = code;
    this.details = details;
  }

  public String code() {
    return code;
  }

  /** What the flag keeps as the result of the rejected work, or null. */
  public JsonNode details() {
    return details;
  }
}
