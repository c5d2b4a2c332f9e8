package io.fnjobs.bench.thumbnail;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.bench.JvmThreadsCpu;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.fntesting.images.SampleImages;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import io.fnjobs.thumbnail.image.ImageLimits;
import io.fnjobs.thumbnail.image.Thumbnailer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Thumbnails on upload on the embedded stack, as an application sees them: the time from an upload of a
 * 12 MP JPEG (4000x3000) to its {@code succeeded} flag, one upload at a time (p50, p99), with where one
 * upload's time went around and inside the function; and images per second when a burst of uploads
 * arrives at once, with the process's CPU per image, in all and by kind of thread (everything runs in
 * this JVM: the uploaders, the S3 server, the trigger layer, the function host and the functions).
 * Against the thumbnailer alone, in-process, on the same images in the same run (the pipeline's own
 * cost is the difference). The stack is measured warm: it takes bursts until the JIT is done with it.
 *
 * <p>Arguments: {@code [sequential uploads, default 30] [burst, default 40] [concurrencies, default 3]}:
 * the last, e.g. {@code 2,3}, measures a stack per thumbnail trigger concurrency
 * ({@code FNJOBS_THUMBNAIL_CONCURRENCY}), one after the other. Run from the repository's root (it
 * reads functions/ and infra/).
 */
public final class UploadToFlagBench {

  private static final int DISTINCT_PHOTOS = 6;
  private static final long POLL_MILLIS = 10;
  /** How often the burst's watcher reads the oldest flag it waits for. */
  private static final long WATCH_MILLIS = 50;
  /** Uploads in one warm-up burst. */
  private static final int WARM_UP = 20;
  private static final int WARM_UP_ROUNDS = 8;
  /** The JIT's CPU per image under which the stack counts as warm. */
  private static final double JIT_SETTLED_MILLIS = 5;
  /** The shipped thumbnail trigger's concurrency (infra/triggers/thumbnail-on-upload.yaml). */
  private static final int DEFAULT_CONCURRENCY = 3;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final int sequential;
  private final int burst;
  private final List<Integer> concurrencies;
  private final List<byte[]> photos = new ArrayList<>();
  private final List<String> rows = new ArrayList<>();

  private UploadToFlagBench(int sequential, int burst, List<Integer> concurrencies) {
    this.sequential = sequential;
    this.burst = burst;
    this.concurrencies = concurrencies;
  }

  public static void main(String[] args) throws Exception {
    int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int burst = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    List<Integer> concurrencies = Arrays.stream((args.length > 2 ? args[2] : String.valueOf(DEFAULT_CONCURRENCY)).split(","))
        .map(String::trim).map(Integer::valueOf).distinct().toList();
    new UploadToFlagBench(sequential, burst, concurrencies).run();
  }

  private void run() throws Exception {
    for (int i = 0; i < DISTINCT_PHOTOS; i++) {
      photos.add(SampleImages.jpeg(SampleImages.photo(4000, 3000, 200 + i), 0.9f));
    }
    reference();
    for (int concurrency : concurrencies) {
      onStack(concurrency);
    }
    print();
  }

  /**
   * One stack whose thumbnail trigger invokes {@code concurrency} at a time: a warm-up until the JIT has
   * compiled the stack's hot code (the CPU rows name what it still spends), the uploads one at a time,
   * then the burst.
   */
  private void onStack(int concurrency) throws Exception {
    Path data = Files.createTempDirectory("upload-to-flag-bench");
    String setting = "concurrency " + concurrency + (concurrency == DEFAULT_CONCURRENCY ? " (default)" : "");
    try (EmbeddedStack stack = EmbeddedStack.start(StackOptions.builder().repoDir(Path.of(".")).dataDir(data)
            .allPorts(0).withEnvironment(Map.of("FNJOBS_THUMBNAIL_CONCURRENCY", String.valueOf(concurrency))).build());
        S3Client s3 = StorageClients.s3(EndpointSettings.local(stack.s3Uri(), "minioadmin", "minioadmin"))) {
      ObjectStoreStatusFlags flags = new ObjectStoreStatusFlags(new S3ConditionalStore(s3, "state"), Clock.systemUTC());
      warmUp(s3, flags, concurrency);
      sequentialUploads(s3, flags, stack.triggersUri(), setting);
      burstOf(s3, flags, "burst " + concurrency, burst, setting);
    }
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

  private void sequentialUploads(S3Client s3, ObjectStoreStatusFlags flags, URI triggers, String setting)
      throws Exception {
    long[] nanos = new long[sequential];
    Map<String, Long> inside = new LinkedHashMap<>();
    Map<String, Long> outside = new LinkedHashMap<>();
    for (int i = 0; i < sequential; i++) {
      String key = "images/bench/one at a time/" + setting + "/" + i + ".jpg";
      byte[] bytes = photos.get(i % photos.size());
      Instant putStarted = Instant.now();
      s3.putObject(r -> r.bucket("uploads").key(key), RequestBody.fromBytes(bytes));
      Instant uploaded = Instant.now();
      long uploadedNanos = System.nanoTime();
      StatusFlag flag = awaitSucceeded(flags, key);
      nanos[i] = System.nanoTime() - uploadedNanos;
      flag.result().path("timings").fields().forEachRemaining(field ->
          inside.merge(field.getKey().replace("Millis", ""), field.getValue().asLong(), Long::sum));
      stagesAround(triggers, key, putStarted, uploaded, Instant.parse(flag.updatedAt()), nanos[i] / 1_000_000)
          .forEach((stage, millis) -> outside.merge(stage, millis, Long::sum));
    }
    row("upload to succeeded flag, one at a time", nanos, sequential + " uploads, " + setting);
    rows.add(String.format(Locale.ROOT, "|   around the function, mean ms: %-92s |", means(outside, sequential)));
    rows.add(String.format(Locale.ROOT, "|   inside the function, mean ms: %-92s |", means(inside, sequential)));
  }

  /**
   * Where one upload's time went outside the function, from the clocks of this one process: the PUT;
   * from its answer to the trigger's invocation (the store's notification, the webhook, the workers'
   * queue, the receipt's claim); from there to the stamp of the terminal flag (the host, the function's
   * reads and writes and its work); from that stamp to the bench seeing it (the flag's write, the poll);
   * and from the stamp to the run's record (the answer, the receipt's settlement) — after the flag.
   */
  private static Map<String, Long> stagesAround(URI triggers, String key, Instant putStarted, Instant uploaded,
      Instant flagged, long seenMillis) throws IOException, InterruptedException {
    JsonNode run = runOf(triggers, key);
    Instant invoked = Instant.parse(run.path("startedAt").asText());
    Instant recorded = Instant.parse(run.path("endedAt").asText());
    Map<String, Long> stages = new LinkedHashMap<>();
    stages.put("PUT", Duration.between(putStarted, uploaded).toMillis());
    stages.put("to invocation", Duration.between(uploaded, invoked).toMillis());
    stages.put("invocation to flag stamp", Duration.between(invoked, flagged).toMillis());
    stages.put("stamp to seen", seenMillis - Duration.between(uploaded, flagged).toMillis());
    stages.put("stamp to run record", Duration.between(flagged, recorded).toMillis());
    return stages;
  }

  /** The upload's run, once recorded: the trigger records it after the function's answer, so after the flag. */
  private static JsonNode runOf(URI triggers, String key) throws IOException, InterruptedException {
    URI runs = triggers.resolve("/runs?limit=1&subject=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
    long giveUp = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < giveUp) {
      HttpResponse<byte[]> answer = HTTP.send(HttpRequest.newBuilder(runs).build(), HttpResponse.BodyHandlers.ofByteArray());
      JsonNode run = Json.MAPPER.readTree(answer.body()).path("runs").path(0);
      if (run.hasNonNull("endedAt")) {
        return run;
      }
      Thread.sleep(POLL_MILLIS);
    }
    throw new IllegalStateException("no run recorded for " + key + " within 10 s");
  }

  private static String means(Map<String, Long> totals, int count) {
    StringBuilder means = new StringBuilder();
    totals.forEach((stage, total) -> means.append(String.format(Locale.ROOT, "%s %.0f, ", stage, total / (double) count)));
    return means.substring(0, Math.max(0, means.length() - 2));
  }

  /**
   * Bursts of {@link #WARM_UP} uploads until the JIT's compiler threads take under
   * {@link #JIT_SETTLED_MILLIS} ms per image (at most {@link #WARM_UP_ROUNDS} bursts): the stack's hot
   * code, the function's in each hot container's class loader, is compiled by then, as in a stack that
   * has run for a while.
   */
  private void warmUp(S3Client s3, ObjectStoreStatusFlags flags, int concurrency) throws Exception {
    for (int round = 1; round <= WARM_UP_ROUNDS; round++) {
      Optional<Map<String, JvmThreadsCpu.ThreadCpu>> before = JvmThreadsCpu.threads();
      burstOf(s3, flags, "warm-up " + concurrency + "." + round, WARM_UP, null);
      double jitPerImage = before.flatMap(b -> JvmThreadsCpu.threads().map(after -> JvmThreadsCpu.since(b, after)))
          .map(used -> used.getOrDefault(JvmThreadsCpu.JIT_THREADS, 0.0)).orElse(0.0) / WARM_UP;
      System.err.printf(Locale.ROOT, "warm-up %d of concurrency %d: the JIT's CPU %.1f ms per image%n", round,
          concurrency, jitPerImage);
      if (jitPerImage < JIT_SETTLED_MILLIS) {
        return;
      }
    }
  }

  /**
   * Uploads {@code count} photos at once (four uploaders, none waiting for a flag) and waits for all
   * their flags; each latency runs from the upload's answer to the stamp of its succeeded flag, the
   * throughput from the first upload to the last stamp. One watcher reads the flags, oldest upload
   * first and one at a time, so that watching costs the stack next to nothing: a flag found late still
   * tells when it was stamped. {@code setting} null: a warm-up, not reported.
   */
  private void burstOf(S3Client s3, ObjectStoreStatusFlags flags, String name, int count, String setting)
      throws Exception {
    ExecutorService uploaders = Executors.newFixedThreadPool(4);
    try {
      Instant started = Instant.now();
      long cpuBefore = processCpuNanos();
      Optional<Map<String, JvmThreadsCpu.ThreadCpu>> threadsBefore = JvmThreadsCpu.threads();
      List<Future<Instant>> uploads = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = burstKey(name, i);
        byte[] bytes = photos.get(i % photos.size());
        uploads.add(uploaders.submit(() -> {
          s3.putObject(r -> r.bucket("uploads").key(key), RequestBody.fromBytes(bytes));
          return Instant.now();
        }));
      }
      long[] nanos = new long[count];
      Instant last = started;
      for (int i = 0; i < count; i++) {
        Instant stamped = Instant.parse(awaitSucceeded(flags, burstKey(name, i), WATCH_MILLIS).updatedAt());
        nanos[i] = Duration.between(uploads.get(i).get(), stamped).toNanos();
        last = stamped.isAfter(last) ? stamped : last;
      }
      double seconds = Duration.between(started, last).toNanos() / 1e9;
      double cpuMillisPerImage = (processCpuNanos() - cpuBefore) / 1e6 / count;
      if (setting != null) {
        Map<String, Double> used = threadsBefore
            .flatMap(before -> JvmThreadsCpu.threads().map(after -> JvmThreadsCpu.since(before, after))).orElse(Map.of());
        double jitPerImage = used.getOrDefault(JvmThreadsCpu.JIT_THREADS, 0.0) / count;
        row("upload to succeeded flag, " + count + " at once", nanos, String.format(Locale.ROOT,
            "%.2f images/s, CPU %.0f ms/image (JIT's %.0f), %s", count / seconds, cpuMillisPerImage, jitPerImage,
            setting));
        cpuByThreads(used, count);
      }
    } finally {
      uploaders.shutdownNow();
    }
  }

  private static String burstKey(String name, int i) {
    return "images/bench/" + name + "/" + i + ".jpg";
  }

  /** Where the burst's CPU went: the kinds of thread that used the most, in ms per image. */
  private void cpuByThreads(Map<String, Double> used, int count) {
    StringBuilder where = new StringBuilder();
    used.entrySet().stream().filter(kind -> kind.getValue() / count >= 1)
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(7)
        .forEach(kind -> where.append(String.format(Locale.ROOT, "%s %.0f, ", kind.getKey(), kind.getValue() / count)));
    if (where.length() > 0) {
      rows.add(String.format(Locale.ROOT, "|   CPU ms/image by thread: %-98s |", where.substring(0, where.length() - 2)));
    }
  }

  /** The CPU of this whole process (uploader, stack, trigger layer, function): the bench's threads poll lightly. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static StatusFlag awaitSucceeded(ObjectStoreStatusFlags flags, String key) throws InterruptedException {
    return awaitSucceeded(flags, key, POLL_MILLIS);
  }

  private static StatusFlag awaitSucceeded(ObjectStoreStatusFlags flags, String key, long pollMillis)
      throws InterruptedException {
    long giveUp = System.nanoTime() + 300_000_000_000L;
    while (System.nanoTime() < giveUp) {
      var flag = flags.get("thumbnail", key);
      if (flag.isPresent() && flag.get().state().terminal()) {
        if (flag.get().state() != FlagState.succeeded) {
          throw new IllegalStateException(key + " ended " + flag.get().state() + ": " + flag.get().error());
        }
        return flag.get();
      }
      Thread.sleep(pollMillis);
    }
    throw new IllegalStateException("no flag for " + key + " within 5 minutes");
  }

  private void row(String what, long[] nanos, String note) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    rows.add(String.format(Locale.ROOT, "| %-42s | %8.0f | %8.0f | %8.0f | %-36s |", what, percentile(sorted, 50),
        percentile(sorted, 99), sorted[sorted.length - 1] / 1e6, note));
  }

  private static double percentile(long[] sorted, double percent) {
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  private void print() {
    System.out.printf(Locale.ROOT, "%d cores%n", Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "| %-42s | %8s | %8s | %8s | %-36s |%n", "12 MP JPEG (4000x3000)", "p50 ms", "p99 ms",
        "max ms", "note");
    System.out.println("|" + "-".repeat(44) + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|" + "-".repeat(10) + "|"
        + "-".repeat(38) + "|");
    rows.forEach(System.out::println);
  }
}
