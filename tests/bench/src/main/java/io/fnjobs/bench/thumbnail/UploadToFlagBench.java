package io.fnjobs.bench.thumbnail;

import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.fntesting.images.SampleImages;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import io.fnjobs.thumbnail.image.ImageLimits;
import io.fnjobs.thumbnail.image.Thumbnailer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Thumbnails on upload on the embedded stack, as an application sees them: the time from an upload of a
 * 12 MP JPEG (4000x3000) to its {@code succeeded} flag, one upload at a time (p50, p99), and images per
 * second when a burst of uploads arrives at once; against the thumbnailer alone, in-process, on the
 * same images in the same run (the pipeline's own cost is the difference).
 *
 * <p>Arguments: {@code [sequential uploads, default 30] [burst, default 40]}. Run from the repository's
 * root (it reads functions/ and infra/).
 */
public final class UploadToFlagBench {

  private static final int DISTINCT_PHOTOS = 6;
  private static final long POLL_MILLIS = 10;

  private final int sequential;
  private final int burst;
  private final List<byte[]> photos = new ArrayList<>();
  private final List<String> rows = new ArrayList<>();

  private UploadToFlagBench(int sequential, int burst) {
    this.sequential = sequential;
    this.burst = burst;
  }

  public static void main(String[] args) throws Exception {
    int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int burst = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    new UploadToFlagBench(sequential, burst).run();
  }

  private void run() throws Exception {
    for (int i = 0; i < DISTINCT_PHOTOS; i++) {
      photos.add(SampleImages.jpeg(SampleImages.photo(4000, 3000, 200 + i), 0.9f));
    }
    reference();
    Path data = Files.createTempDirectory("upload-to-flag-bench");
    try (EmbeddedStack stack = EmbeddedStack.start(
        StackOptions.builder().repoDir(Path.of(".")).dataDir(data).allPorts(0).build());
        S3Client s3 = StorageClients.s3(EndpointSettings.local(stack.s3Uri(), "minioadmin", "minioadmin"))) {
      ObjectStoreStatusFlags flags = new ObjectStoreStatusFlags(new S3ConditionalStore(s3, "state"), Clock.systemUTC());
      burstOf(s3, flags, "warm-up", 8);
      sequentialUploads(s3, flags);
      burstOf(s3, flags, "burst", burst);
    }
    print();
  }

  /** The thumbnailer alone, in this JVM, on the same photos: wall time per image for 128 and 512. */
  private void reference() throws IOException {
    Path dir = Files.createTempDirectory("upload-to-flag-reference");
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < photos.size(); i++) {
      files.add(Files.write(dir.resolve(i + ".jpg"), photos.get(i)));
    }
    Thumbnailer thumbnailer = new Thumbnailer(List.of(128, 512), ImageLimits.DEFAULTS);
    for (int i = 0; i < 3; i++) {
      files.forEach(thumbnailer::render);
    }
    long[] nanos = new long[files.size() * 3];
    for (int i = 0; i < nanos.length; i++) {
      long started = System.nanoTime();
      thumbnailer.render(files.get(i % files.size()));
      nanos[i] = System.nanoTime() - started;
    }
    row("Thumbnailer alone, in-process (reference)", nanos, "128 and 512 px, no storage");
  }

  private void sequentialUploads(S3Client s3, ObjectStoreStatusFlags flags) throws InterruptedException {
    long[] nanos = new long[sequential];
    Map<String, Long> stages = new LinkedHashMap<>();
    for (int i = 0; i < sequential; i++) {
      String key = "images/bench/one at a time/" + i + ".jpg";
      byte[] bytes = photos.get(i % photos.size());
      s3.putObject(r -> r.bucket("uploads").key(key), RequestBody.fromBytes(bytes));
      long uploaded = System.nanoTime();
      StatusFlag flag = awaitSucceeded(flags, key);
      nanos[i] = System.nanoTime() - uploaded;
      flag.result().path("timings").fields().forEachRemaining(field ->
          stages.merge(field.getKey(), field.getValue().asLong(), Long::sum));
    }
    row("upload to succeeded flag, one at a time", nanos, sequential + " uploads of 12 MP");
    StringBuilder inside = new StringBuilder();
    stages.forEach((stage, total) -> inside.append(String.format(Locale.ROOT, "%s %.0f, ",
        stage.replace("Millis", ""), total / (double) sequential)));
    rows.add(String.format(Locale.ROOT, "|   inside the function, mean ms: %-86s |", inside.substring(0, inside.length() - 2)));
  }

  private void burstOf(S3Client s3, ObjectStoreStatusFlags flags, String name, int count) throws Exception {
    ExecutorService uploaders = Executors.newFixedThreadPool(4);
    try {
      long started = System.nanoTime();
      List<Future<Long>> latencies = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = "images/bench/" + name + "/" + i + ".jpg";
        byte[] bytes = photos.get(i % photos.size());
        latencies.add(uploaders.submit(() -> {
          s3.putObject(r -> r.bucket("uploads").key(key), RequestBody.fromBytes(bytes));
          long uploaded = System.nanoTime();
          awaitSucceeded(flags, key);
          return System.nanoTime() - uploaded;
        }));
      }
      long[] nanos = new long[count];
      for (int i = 0; i < count; i++) {
        nanos[i] = latencies.get(i).get();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      if (!name.equals("warm-up")) {
        row("upload to succeeded flag, " + count + " at once", nanos,
            String.format(Locale.ROOT, "%.2f images/s", count / seconds));
      }
    } finally {
      uploaders.shutdownNow();
    }
  }

  private static StatusFlag awaitSucceeded(ObjectStoreStatusFlags flags, String key) throws InterruptedException {
    long giveUp = System.nanoTime() + 300_000_000_000L;
    while (System.nanoTime() < giveUp) {
      var flag = flags.get("thumbnail", key);
      if (flag.isPresent() && flag.get().state().terminal()) {
        if (flag.get().state() != FlagState.succeeded) {
          throw new IllegalStateException(key + " ended " + flag.get().state() + ": " + flag.get().error());
        }
        return flag.get();
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new IllegalStateException("no flag for " + key + " within 5 minutes");
  }

  private void row(String what, long[] nanos, String note) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    rows.add(String.format(Locale.ROOT, "| %-42s | %8.0f | %8.0f | %8.0f | %-30s |", what, percentile(sorted, 50),
        percentile(sorted, 99), sorted[sorted.length - 1] / 1e6, note));
  }

  private static double percentile(long[] sorted, double percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  private void print() {
    System.out.printf(Locale.ROOT, "%d cores%n", Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "| %-42s | %8s | %8s | %8s | %-30s |%n", "12 MP JPEG (4000x3000)", "p50 ms", "p99 ms",
        "max ms", "note");
    System.out.println("|" + "-".repeat(44) + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|"
        + "-".repeat(32) + "|");
    rows.forEach(System.out::println);
  }
}
