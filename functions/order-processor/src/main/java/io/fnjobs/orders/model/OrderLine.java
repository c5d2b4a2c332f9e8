package io.fnjobs.orders.model;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Objects;

/** One item of an order: a SKU, how many, and the price of one. */
public record OrderLine(String sku, int quantity, BigDecimal unitPrice) {

  public OrderLine {
    Objects.requireNonNull(sku, "sku");
    Objects.requireNonNull(unitPrice, "unitPrice");
    if (quantity < 1) {
      throw new IllegalArgumentException("quantity must be 1 or more, was " + quantity);
    }
  }

  /** Quantity times unit price, at the currency's scale (the validator made sure it fits). */
  public BigDecimal total(Currency currency) {
    return Money.atScale(unitPrice.multiply(BigDecimal.valueOf(quantity)), currency);
  }
}
