package io.fnjobs.orders.model;

/**
 * Where an order is. {@code placing} is the claim a place takes before it reserves stock; the other
 * three are what a customer sees. {@code cancelled} is final: a cancel always wins, whenever it comes.
 */
public enum OrderStatus {
  placing,
  confirmed,
  rejected,
  cancelled
}
