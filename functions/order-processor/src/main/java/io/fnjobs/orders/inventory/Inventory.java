package io.fnjobs.orders.inventory;

/**
 * Stock per SKU, reserved by orders. Both operations are idempotent per (SKU, order), so a retried
 * invocation can run them again safely, and safe under concurrent orders: stock is never sold twice
 * and never goes below zero.
 */
public interface Inventory {

  /** Holds {@code quantity} of {@code sku} for the order, unless it already holds some. */
  Reserve reserve(String sku, String orderId, int quantity);

  /** Gives back what the order holds of {@code sku}; nothing when it holds none. */
  void release(String sku, String orderId);
}
