package io.fnjobs.orders.records;

import io.fnjobs.common.layout.OutputLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.common.store.VersionedDocuments;
import java.util.Optional;

/**
 * The orders kept in the orders bucket at {@link OutputLayout#order}, each write conditional on
 * what was read ({@link io.fnjobs.common.store.PreconditionFailedException} when another writer came
 * first: read again and decide again).
 */
public final class OrderRecords {

  private final VersionedDocuments<StoredOrder> orders;

  public OrderRecords(ConditionalStore store) {
    this.orders = new VersionedDocuments<>(store, StoredOrder.class, "order");
  }

  public static String key(String orderId) {
    return OutputLayout.order(orderId);
  }

  public Optional<Versioned<StoredOrder>> find(String orderId) {
    return orders.read(key(orderId));
  }

  /** Creates the order if it does not exist yet. */
  public Versioned<StoredOrder> create(StoredOrder order) {
    return orders.write(key(order.orderId()), order, null);
  }

  /** Replaces the order if it is still as read. */
  public Versioned<StoredOrder> replace(StoredOrder order, String etag) {
    return orders.write(key(order.orderId()), order, etag);
  }
}
