package io.fnjobs.orders.records;

import io.fnjobs.common.layout.OutputLayout;
import io.fnjobs.common.store.ConditionalStore;
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

  public Optional<Versioned> find(String orderId) {
    return orders.read(key(orderId)).map(read -> new Versioned(read.value(), read.etag()));
  }

  /** Creates the order if it does not exist yet. */
  public Versioned create(StoredOrder order) {
    return new Versioned(order, orders.write(key(order.orderId()), order, null).etag());
  }

  /** Replaces the order if it is still as read. */
  public Versioned replace(StoredOrder order, String etag) {
    return new Versioned(order, orders.write(key(order.orderId()), order, etag).etag());
  }

  /** An order and the ETag it was read or written at. */
  public record Versioned(StoredOrder order, String etag) {}
}
