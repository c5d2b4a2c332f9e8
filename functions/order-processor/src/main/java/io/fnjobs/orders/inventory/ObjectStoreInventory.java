package io.fnjobs.orders.inventory;

import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.Decision;
import io.fnjobs.common.store.LostRacesException;
import io.fnjobs.common.store.RaceLimit;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.common.store.VersionedDocuments;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link Inventory} on {@link StockRecord}s in the orders bucket, each change a replace with
 * {@code If-Match} on the ETag read (optimistic concurrency): a writer that lost the race reads again
 * and decides again, after a short random pause so that racing writers spread out.
 */
public final class ObjectStoreInventory implements Inventory {

  static final String PREFIX = "inventory/";
  private final VersionedDocuments<StockRecord> stock;
  private final String bucket;

  public ObjectStoreInventory(ConditionalStore store) {
    this.stock = new VersionedDocuments<>(store, StockRecord.class, "stock record")
        .pausingAfterLostRace(ObjectStoreInventory::pause);
    this.bucket = store.bucket();
  }

  public static String key(String sku) {
    return PREFIX + sku + ".json";
  }

  @Override
  public Reserve reserve(String sku, String orderId, int quantity) {
    return update(key(sku), current -> {
      if (current.isEmpty()) {
        return Decision.leave(Reserve.UnknownSku::new);
      }
      StockRecord stock = current.get().value();
      if (stock.holds(orderId)) {
        return Decision.leave(() -> new Reserve.Held(stock.available()));
      }
      if (stock.available() < quantity) {
        return Decision.leave(() -> new Reserve.Short(stock.available()));
      }
      return Decision.write(stock.withHold(orderId, quantity), written -> new Reserve.Held(written.value().available()));
    });
  }

  @Override
  public void release(String sku, String orderId) {
    update(key(sku), current -> {
      if (current.isEmpty() || !current.get().value().holds(orderId)) {
        return Decision.leave(() -> null);
      }
      return Decision.write(current.get().value().withoutHold(orderId), written -> null);
    });
  }

  private <R> R update(String key, Function<Optional<Versioned<StockRecord>>, Decision<StockRecord, R>> decide) {
    try {
      return stock.update(key, decide, RaceLimit.HOT);
    } catch (LostRacesException e) {
      throw new StockContentionException(bucket + "/" + key, e.races());
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
}
