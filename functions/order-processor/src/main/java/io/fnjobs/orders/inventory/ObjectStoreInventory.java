package io.fnjobs.orders.inventory;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.PreconditionFailedException;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link Inventory} on {@link StockRecord}s in the orders bucket, each change a replace with
 * {@code If-Match} on the ETag read (optimistic concurrency): a writer that lost the race reads again
 * and decides again, after a short random pause so that racing writers spread out.
 */
public final class ObjectStoreInventory implements Inventory {

  static final String PREFIX = "inventory/";
  private static final String CONTENT_TYPE = "application/json";
  private static final int MAX_RACES = 64;

  private final ConditionalStore store;

  public ObjectStoreInventory(ConditionalStore store) {
    this.store = store;
  }

  public static String key(String sku) {
    return PREFIX + sku + ".json";
  }

  @Override
  public Reserve reserve(String sku, String orderId, int quantity) {
    String key = key(sku);
    for (int race = 0; race < MAX_RACES; race++) {
      Optional<Read> current = read(key);
      if (current.isEmpty()) {
        return new Reserve.UnknownSku();
      }
      StockRecord stock = current.get().stock();
      if (stock.holds(orderId)) {
        return new Reserve.Held(stock.available());
      }
      if (stock.available() < quantity) {
        return new Reserve.Short(stock.available());
      }
      if (replaced(key, stock.withHold(orderId, quantity), current.get().etag())) {
        return new Reserve.Held(stock.available() - quantity);
      }
      pause(race);
    }
    throw new StockContentionException(store.bucket() + "/" + key, MAX_RACES);
  }

  @Override
  public void release(String sku, String orderId) {
    String key = key(sku);
    for (int race = 0; race < MAX_RACES; race++) {
      Optional<Read> current = read(key);
      if (current.isEmpty() || !current.get().stock().holds(orderId)) {
        return;
      }
      if (replaced(key, current.get().stock().withoutHold(orderId), current.get().etag())) {
        return;
      }
      pause(race);
    }
    throw new StockContentionException(store.bucket() + "/" + key, MAX_RACES);
  }

  private Optional<Read> read(String key) {
    return store.read(key).map(object ->
        new Read(Json.read(object.bytes(), StockRecord.class, store.bucket() + "/" + key), object.etag()));
  }

  private boolean replaced(String key, StockRecord next, String etag) {
    try {
      store.replace(key, Json.write(next), CONTENT_TYPE, etag);
      return true;
    } catch (PreconditionFailedException lost) {
      return false;
    }
  }

  private static void pause(int race) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, 2L + Math.min(race, 10) * 2L));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to update a stock record", e);
    }
  }

  private record Read(StockRecord stock, String etag) {}
}
