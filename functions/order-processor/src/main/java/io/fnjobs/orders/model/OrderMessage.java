package io.fnjobs.orders.model;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A validated order message: the order, the message's place in the order's sequence, what it asks
 * for, and, for a {@code place}, the lines and their currency (a {@code cancel} carries neither).
 */
public record OrderMessage(
    String orderId, long sequence, OrderType type, Customer customer, List<OrderLine> lines, Currency currency) {

  public OrderMessage {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(customer, "customer");
    lines = List.copyOf(lines);
    if (type == OrderType.place && (lines.isEmpty() || currency == null)) {
      throw new IllegalArgumentException("a place needs lines and a currency");
    }
  }

  /** The sum of the lines, at the currency's scale. */
  public BigDecimal total() {
    return lines.stream().map(line -> line.total(currency)).reduce(Money.atScale(BigDecimal.ZERO, currency), BigDecimal::add);
  }

  /** How many of each SKU the order needs, lines of one SKU added up, in SKU order. */
  public Map<String, Integer> quantitiesBySku() {
    Map<String, Integer> quantities = new TreeMap<>();
    lines.forEach(line -> quantities.merge(line.sku(), line.quantity(), Integer::sum));
    return quantities;
  }
}
