package io.fnjobs.orders.records;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.OutputLayout;
import io.fnjobs.common.store.ConditionalStore;
import java.util.Optional;

/**
 * The orders kept in the orders bucket at {@link OutputLayout#order}, each write conditional on
 * what was read ({@link io.fnjobs.common.store.PreconditionFailedException} when another writer came
 * first: read again and decide again).
 */
public final class OrderRecords {

  private static final String CONTENT_TYPE = "application/json";

  private final ConditionalStore store;

  public OrderRecords(ConditionalStore store) {
    this.store = store;
  }

  public static String key(String orderId) {
    return OutputLayout.order(orderId);
  }

  public Optional<Versioned> find(String orderId) {
    String key = key(orderId);
    return store.read(key).map(object ->
        new Versioned(Json.read(object.bytes(), StoredOrder.class, store.bucket() + "/" + key), object.etag()));
  }

  /** Creates the order if it does not exist yet. */
  public Versioned create(StoredOrder order) {
    return new Versioned(order, store.create(key(order.orderId()), Json.write(order), CONTENT_TYPE));
  }

  /** Replaces the order if it is still as read. */
  public Versioned replace(StoredOrder order, String etag) {
    return new Versioned(order, store.replace(key(order.orderId()), Json.write(order), CONTENT_TYPE, etag));
  }

  /** An order and the ETag it was read or written at. */
  public record Versioned(StoredOrder order, String etag) {}
}
