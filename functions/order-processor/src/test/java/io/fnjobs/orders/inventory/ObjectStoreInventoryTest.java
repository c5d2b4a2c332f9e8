package io.fnjobs.orders.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Stock on the real embedded store, whose conditional writes settle every race. */
class ObjectStoreInventoryTest {

  @TempDir static Path data;
  private static EmbeddedS3 server;
  private static S3Client s3;
  private static ObjectStoreInventory inventory;

  @BeforeAll
  static void start() {
    server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(data).build());
    server.createBuckets(List.of("orders"));
    s3 = StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"));
    inventory = new ObjectStoreInventory(new S3ConditionalStore(s3, "orders"));
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  @Test
  void reserve_shouldHoldOnce_andReleaseOnce_whenCalledAgain() {
    stock("I-1", 5);

    assertThat(inventory.reserve("I-1", "o-1", 3)).isEqualTo(new Reserve.Held(2));
    assertThat(inventory.reserve("I-1", "o-1", 3)).isEqualTo(new Reserve.Held(2));
    inventory.release("I-1", "o-1");
    inventory.release("I-1", "o-1");

    assertThat(read("I-1")).isEqualTo(new StockRecord("I-1", "test", 5, Map.of()));
  }

  @Test
  void reserve_shouldTakeNothing_whenTheStockIsShortOrUnknown() {
    stock("I-2", 1);

    assertThat(inventory.reserve("I-2", "o-2", 2)).isEqualTo(new Reserve.Short(1));
    assertThat(inventory.reserve("I-NONE", "o-2", 1)).isEqualTo(new Reserve.UnknownSku());
    assertThat(read("I-2").available()).isEqualTo(1);
  }

  @Test
  void reserve_shouldNeverSellMoreThanTheStock_whenManyOrdersRaceForIt() throws Exception {
    stock("I-RACE", 10);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Reserve>> orders = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String orderId = "race-" + i;
        orders.add(() -> inventory.reserve("I-RACE", orderId, 1));
      }
      List<Reserve> outcomes = new ArrayList<>();
      for (Future<Reserve> outcome : pool.invokeAll(orders)) {
        outcomes.add(outcome.get());
      }

      assertThat(outcomes).filteredOn(Reserve.Held.class::isInstance).hasSize(10);
      assertThat(outcomes).filteredOn(Reserve.Short.class::isInstance).hasSize(30);
      StockRecord after = read("I-RACE");
      assertThat(after.available()).isZero();
      assertThat(after.holds()).hasSize(10);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void stock(String sku, int available) {
    s3.putObject(r -> r.bucket("orders").key(ObjectStoreInventory.key(sku)),
        RequestBody.fromBytes(Json.write(new StockRecord(sku, "test", available, Map.of()))));
  }

  private static StockRecord read(String sku) {
    return Json.read(s3.getObjectAsBytes(r -> r.bucket("orders").key(ObjectStoreInventory.key(sku))).asByteArray(),
        StockRecord.class, sku);
  }
}
