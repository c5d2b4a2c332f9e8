package io.fnjobs.orders.validation;

/**
 * Limits an order message must keep: its size in bytes ({@code ORDERS_MAX_BODY_BYTES}) and its number
 * of items ({@code ORDERS_MAX_ITEMS}).
 */
public record OrderLimits(int maxBodyBytes, int maxItems) {

  public static final String MAX_BODY_BYTES = "ORDERS_MAX_BODY_BYTES";
  public static final String MAX_ITEMS = "ORDERS_MAX_ITEMS";
  public static final OrderLimits DEFAULTS = new OrderLimits(64 * 1024, 50);

  public OrderLimits {
    if (maxBodyBytes < 1 || maxItems < 1) {
      throw new IllegalArgumentException("limits must be 1 or more: " + maxBodyBytes + " bytes, " + maxItems + " items");
    }
  }
}
