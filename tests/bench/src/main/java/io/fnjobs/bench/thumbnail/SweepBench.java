package io.fnjobs.bench.thumbnail;

import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.triggers.blob.BlobSource;
import io.fnjobs.triggers.blob.ObjectStoreReceipts;
import io.fnjobs.triggers.blob.Receipt;
import io.fnjobs.triggers.blob.SweepReport;
import io.fnjobs.triggers.blob.Sweeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * What the blob trigger's reconciliation sweep costs, in objects listed per second, on the embedded
 * store: the first sweep after a start (every version's receipt read), later sweeps (settled versions
 * remembered), a trigger that also watches removals (the trigger's receipts listed after the objects),
 * a prefix of objects the trigger does not watch, and the first sweep of objects nobody processed yet;
 * against a bare paged listing of the same prefix in the same run. And the heap the sweep keeps, after
 * a collection, as the number of objects grows.
 *
 * <p>Arguments: {@code [objects, default 10000]}.
 */
public final class SweepBench {

  private static final String TRIGGER = "thumbnail-on-upload";

  private final int objects;
  private final List<String> rows = new ArrayList<>();

  private SweepBench(int objects) {
    this.objects = objects;
  }

  public static void main(String[] args) throws Exception {
    new SweepBench(args.length > 0 ? Integer.parseInt(args[0]) : 10_000).run();
  }

  private void run() throws Exception {
    Path data = Files.createTempDirectory("sweep-bench");
    try (EmbeddedS3 server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(data).build());
        S3Client s3 = StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"))) {
      server.createBuckets(List.of("uploads", "state"));
      populate(s3, "images/settled/", objects, true);
      populate(s3, "images/new/", objects / 2, false);
      ObjectStoreReceipts receipts = new ObjectStoreReceipts(s3, "state", Clock.systemUTC());

      bareListing(s3, "images/settled/", null); // warms the store and the client up
      bareListing(s3, "images/settled/", "bare ListObjectsV2, 1000 a page (reference)");
      BlobSource watched = source("images/settled/", List.of(".jpg"));
      AtomicLong dispatched = new AtomicLong();
      long heapBefore = heapAfterGc();
      Sweeper sweeper = new Sweeper(TRIGGER, watched, s3, receipts, change -> dispatched.incrementAndGet(), Clock.systemUTC());
      row("sweep, first after a start (receipts read)", sweeper.sweep(), "");
      row("sweep, later (settled versions remembered)", sweeper.sweep(), "");
      long heapAfter = heapAfterGc();
      Sweeper removals = new Sweeper(TRIGGER, source("images/settled/", List.of(".jpg"), Change.removed), s3,
          receipts, change -> dispatched.incrementAndGet(), Clock.systemUTC());
      row("sweep, removals watched, first after a start", removals.sweep(), "receipts listed");
      row("sweep, removals watched, later", removals.sweep(), "receipts listed");
      row("sweep, prefix of unwatched names", new Sweeper(TRIGGER, source("images/settled/", List.of(".png")), s3,
          receipts, change -> dispatched.incrementAndGet(), Clock.systemUTC()).sweep(), "");
      row("sweep, nothing processed yet (all handed over)", new Sweeper(TRIGGER, source("images/new/", List.of(".jpg")),
          s3, receipts, change -> dispatched.incrementAndGet(), Clock.systemUTC()).sweep(), "receipts absent");
      rows.add(String.format(Locale.ROOT, "| %-46s | %-43s |", "heap kept by a sweeper after " + objects + " objects",
          String.format(Locale.ROOT, "%.1f MB (the remembered settled versions)", (heapAfter - heapBefore) / 1048576.0)));
    }
    print();
  }

  private static BlobSource source(String prefix, List<String> suffixes, Change... more) {
    Set<Change> events = new HashSet<>(List.of(more));
    events.add(Change.created);
    return new BlobSource("uploads", prefix, suffixes, events, Duration.ofMinutes(1), null, 4);
  }

  /** {@code count} small objects under {@code prefix}, with settled receipts when {@code settled}. */
  private static void populate(S3Client s3, String prefix, int count, boolean settled) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = String.format(Locale.ROOT, "%s%06d.jpg", prefix, i);
        writes.add(pool.submit(() -> {
          String etag = s3.putObject(r -> r.bucket("uploads").key(key), RequestBody.fromString(key)).eTag().replace("\"", "");
          if (settled) {
            Receipt receipt = new Receipt(TRIGGER, "uploads", key, etag, "uploads/" + key + "@" + etag,
                Receipt.State.succeeded, 1, "bench", null, Instant.now().toString(), "done", null);
            s3.putObject(r -> r.bucket("state").key(StateLayout.receipt(TRIGGER, "uploads", key, etag))
                .contentType("application/json"), RequestBody.fromBytes(Json.write(receipt)));
          }
          return null;
        }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private void bareListing(S3Client s3, String prefix, String name) {
    long started = System.nanoTime();
    long listed = s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket("uploads").prefix(prefix)
        .maxKeys(Sweeper.PAGE_SIZE).build()).contents().stream().count();
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (name != null) {
      row(name, new SweepReport("", listed, listed, 0, millis), "");
    }
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    Runtime runtime = Runtime.getRuntime();
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private void row(String what, SweepReport report, String note) {
    rows.add(String.format(Locale.ROOT, "| %-46s | %7d | %7d | %8d | %9.0f | %-16s |", what, report.listed(),
        report.dispatched(), report.millis(), report.objectsPerSecond(), note));
  }

  private void print() {
    System.out.printf(Locale.ROOT, "| %-46s | %7s | %7s | %8s | %9s | %-16s |%n", "embedded store", "listed",
        "handed", "ms", "listed/s", "note");
    System.out.println("|" + "-".repeat(48) + "|" + "-".repeat(9) + "|" + "-".repeat(9) + "|" + "-".repeat(10) + "|"
        + "-".repeat(11) + "|" + "-".repeat(18) + "|");
    rows.forEach(System.out::println);
  }
}
