package io.fnjobs.bench.cleanup;

import io.fnjobs.cleanup.CleanupJob;
import io.fnjobs.cleanup.CleanupSettings;
import io.fnjobs.cleanup.progress.CleanupReport;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The nightly cleanup removing N expired objects (originals under images/ with two thumbnails and a
 * thumbnail flag each) against a raw list-and-batch-delete loop over the same objects, on the same
 * embedded store, in the same run: objects per second, and the largest live heap while it runs.
 *
 * <p>The store runs in a process of its own, so that the heap measured is the client's. The objects are
 * written once straight into a store folder and copied (with their extended attributes) for each run.
 * Each side runs twice, in turn; the faster run of each is shown, with the larger heap of the two.
 *
 * <p>Arguments: object counts, comma-separated; default {@code 25000,50000,100000}.
 */
public final class CleanupBench {

  private static final int OBJECTS_PER_IMAGE = 4;
  private static final int ROUNDS = 2;
  private static final List<String> BUCKETS = List.of("uploads", "thumbnails", "orders", "state");

  private final Path work;

  private CleanupBench(Path work) {
    this.work = work;
  }

  public static void main(String[] args) throws Exception {
    int[] counts = Arrays.stream((args.length > 0 ? args[0] : "25000,50000,100000").split(","))
        .mapToInt(count -> Integer.parseInt(count.trim())).sorted().toArray();
    Path work = Files.createTempDirectory("cleanup-bench");
    try {
      new CleanupBench(work).run(counts);
    } finally {
      shell("rm", "-rf", work.toString());
    }
  }

  private record Measured(long removed, double seconds, double heapMegabytes) {
    double perSecond() {
      return removed / seconds;
    }
  }

  private record Row(int objects, Measured raw, Measured cleanup) {}

  private void run(int[] counts) throws Exception {
    Path template = work.resolve("template");
    try (EmbeddedS3 server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(template).build())) {
      server.createBuckets(BUCKETS);
    }
    List<Row> rows = new ArrayList<>();
    int seededImages = 0;
    for (int count : counts) {
      int images = count / OBJECTS_PER_IMAGE;
      long started = System.nanoTime();
      seed(template, seededImages, images);
      seededImages = images;
      System.err.printf("seeded %,d objects in %.1f s%n", images * OBJECTS_PER_IMAGE, (System.nanoTime() - started) / 1e9);
      Path snapshot = work.resolve("snapshot-" + count);
      shell("cp", "-a", template.toString(), snapshot.toString());
      // two rounds in turn, raw first then cleanup first, each side's better one kept: a machine busy
      // with other work for a while slows one run, not both sides' best
      Measured raw = null;
      Measured cleanup = null;
      for (int round = 0; round < ROUNDS; round++) {
        if (round % 2 == 0) {
          raw = better(raw, measure(snapshot, work.resolve("raw"), CleanupBench::rawListAndDelete));
          cleanup = better(cleanup, measure(snapshot, work.resolve("cleanup"), CleanupBench::cleanup));
        } else {
          cleanup = better(cleanup, measure(snapshot, work.resolve("cleanup"), CleanupBench::cleanup));
          raw = better(raw, measure(snapshot, work.resolve("raw"), CleanupBench::rawListAndDelete));
        }
      }
      shell("rm", "-rf", snapshot.toString());
      rows.add(new Row(images * OBJECTS_PER_IMAGE, raw, cleanup));
      System.err.printf("%,d objects: raw %.0f obj/s (live heap %.1f MB), cleanup %.0f obj/s (live heap %.1f MB)%n", count,
          raw.perSecond(), raw.heapMegabytes(), cleanup.perSecond(), cleanup.heapMegabytes());
    }
    print(rows);
  }

  /** The faster of two runs, with the larger of their heaps. */
  private static Measured better(Measured kept, Measured next) {
    if (kept == null) {
      return next;
    }
    Measured faster = next.perSecond() > kept.perSecond() ? next : kept;
    return new Measured(faster.removed(), faster.seconds(), Math.max(kept.heapMegabytes(), next.heapMegabytes()));
  }

  /** Writes images [from, to) straight into the store folder, in the store's own format. */
  private static void seed(Path store, int from, int to) throws Exception {
    FilesystemNio2BlobStore blobs = new FilesystemNio2BlobStore(store.toString());
    byte[] original = new byte[2048];
    byte[] thumbnail = new byte[300];
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int chunk = from; chunk < to; chunk += 1000) {
        int first = chunk;
        int last = Math.min(to, chunk + 1000);
        writes.add(writers.submit(() -> {
          for (int i = first; i < last; i++) {
            String key = String.format("images/bench/%07d.jpg", i);
            put(blobs, "uploads", key, original);
            put(blobs, "thumbnails", "128/" + key, thumbnail);
            put(blobs, "thumbnails", "512/" + key, thumbnail);
            put(blobs, "state", "thumbnail/" + key + ".json", ("{\"attempt\":1,\"idempotencyKey\":\"blob:uploads/" + key
                + "\",\"job\":\"thumbnail\",\"state\":\"succeeded\",\"subject\":\"" + key
                + "\",\"updatedAt\":\"2026-01-01T00:00:00Z\"}").getBytes(StandardCharsets.UTF_8));
          }
          return null;
        }));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      writers.shutdownNow();
    }
  }

  private static void put(FilesystemNio2BlobStore blobs, String bucket, String key, byte[] bytes) {
    blobs.putBlob(PutObjectRequest.builder().bucket(bucket).key(key).build(), new ByteArrayInputStream(bytes));
  }

  /** Runs {@code removal} on a fresh copy of {@code snapshot}, served by a store process of its own. */
  private static Measured measure(Path snapshot, Path copy, Removal removal) throws Exception {
    shell("cp", "-a", snapshot.toString(), copy.toString());
    Process server = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
        S3ServerMain.class.getName(), copy.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      int port = awaitPort(server);
      try (S3Client s3 = StorageClients.s3(EndpointSettings.local(URI.create("http://127.0.0.1:" + port), "minioadmin", "minioadmin"))) {
        s3.listBuckets();
        long removed;
        long started;
        long ended;
        HeapSampler heap = new HeapSampler(500);
        try (heap) {
          started = System.nanoTime();
          removed = removal.remove(s3);
          ended = System.nanoTime();
        }
        long left = s3.listObjectsV2(r -> r.bucket("uploads")).keyCount()
            + s3.listObjectsV2(r -> r.bucket("thumbnails")).keyCount()
            + s3.listObjectsV2(r -> r.bucket("state").prefix("thumbnail/")).keyCount();
        if (left != 0) {
          throw new IllegalStateException(left + " objects left after removing " + removed);
        }
        return new Measured(removed, (ended - started) / 1e9, heap.peakMegabytes());
      }
    } finally {
      server.getOutputStream().close();
      if (!server.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
      shell("rm", "-rf", copy.toString());
    }
  }

  /** What is measured: removes every seeded object, returns how many it removed. */
  @FunctionalInterface
  private interface Removal {
    long remove(S3Client s3);
  }

  /** The reference: list a page, delete it in one request, until nothing is left. */
  private static long rawListAndDelete(S3Client s3) {
    long removed = 0;
    for (String[] where : new String[][] {{"uploads", "images/"}, {"thumbnails", ""}, {"state", "thumbnail/"}}) {
      while (true) {
        ListObjectsV2Response page = s3.listObjectsV2(r -> r.bucket(where[0]).prefix(where[1]).maxKeys(1000));
        if (page.contents().isEmpty()) {
          break;
        }
        List<ObjectIdentifier> keys = page.contents().stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
        s3.deleteObjects(r -> r.bucket(where[0]).delete(d -> d.objects(keys).quiet(true)));
        removed += keys.size();
      }
    }
    return removed;
  }

  /** The cleanup itself, two days after the objects were written, with its defaults (30-day retention aside). */
  private static long cleanup(S3Client s3) {
    Instant later = Instant.now().plus(Duration.ofDays(2));
    CleanupReport report = new CleanupJob(s3, CleanupSettings.builder().uploadRetention(Duration.ofDays(1)).build(),
        Clock.fixed(later, ZoneOffset.UTC)).run(later.toString());
    if (!report.complete() || report.problemCount() > 0) {
      throw new IllegalStateException("the cleanup did not finish cleanly: " + report);
    }
    return report.objectsRemoved();
  }

  private static void print(List<Row> rows) {
    System.out.println();
    System.out.println("Nightly cleanup vs. raw list + batch delete (1000 keys a request), embedded S3 in its own process,"
        + " best of " + ROUNDS + " runs each");
    System.out.println("| objects | raw list+delete | cleanup | cleanup/raw | live heap, raw | live heap, cleanup |");
    System.out.println("|--------:|----------------:|--------:|------------:|---------------:|-------------------:|");
    for (Row row : rows) {
      System.out.printf("| %,d | %,.0f obj/s (%.1f s) | %,.0f obj/s (%.1f s) | %.2f | %.1f MB | %.1f MB |%n",
          row.objects(), row.raw().perSecond(), row.raw().seconds(), row.cleanup().perSecond(), row.cleanup().seconds(),
          row.cleanup().perSecond() / row.raw().perSecond(), row.raw().heapMegabytes(), row.cleanup().heapMegabytes());
    }
    System.out.println("java " + System.getProperty("java.version") + ", max heap "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB, " + Runtime.getRuntime().availableProcessors() + " CPUs");
  }

  private static int awaitPort(Process server) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      if (line.startsWith("ready ")) {
        return Integer.parseInt(line.substring("ready ".length()).trim());
      }
    }
    throw new IllegalStateException("the store process ended before it was ready");
  }

  private static void shell(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed");
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
