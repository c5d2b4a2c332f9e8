package io.fnjobs.orders.model;

/** What an order message asks for. */
public enum OrderType {
  /** Reserve the stock, store the order, confirm it by mail. */
  place,
  /** Give the stock back, mark the order cancelled, tell the customer. */
  cancel
}
