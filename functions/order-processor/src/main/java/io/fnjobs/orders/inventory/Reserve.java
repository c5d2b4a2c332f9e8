package io.fnjobs.orders.inventory;

/** What {@link Inventory#reserve} answers. */
public sealed interface Reserve {

  /** The order holds the quantity now (or already did); {@code available} is what is left for others. */
  record Held(int available) implements Reserve {}

  /** Not enough stock: nothing was taken; {@code available} is what there is. */
  record Short(int available) implements Reserve {}

  /** The SKU has no stock record at all. */
  record UnknownSku() implements Reserve {}
}
