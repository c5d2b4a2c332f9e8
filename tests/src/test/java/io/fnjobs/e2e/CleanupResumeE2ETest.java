package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.e2e.StackClients.Answer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The stack as a separate process ({@code ./local-dev/up}'s jar), killed with SIGKILL in the middle of a
 * large cleanup and started again on the same data: the restarted trigger layer takes the run over once
 * the killed one's lease has expired, and the cleanup continues from its checkpoint, with the right
 * totals and nothing else deleted.
 *
 * <p>The lease of a run lasts the function's timeout: this test runs a copy of the checkout whose
 * nightly-cleanup has a 15-second timeout, so that the restart does not wait the production 5 minutes (and
 * its time budget of 12 seconds still lets the resumed run finish in one invocation).
 */
@MostlyWaits
class CleanupResumeE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = REPO.resolve("local-dev/target/fnjobs-local-dev.jar");
  private static final int EXPIRED = 1_000;
  private static final int FRESH = 20;

  @TempDir Path temp;

  @Test
  void sigkill_shouldLeaveACheckpoint_fromWhichTheRestartedStackFinishesTheRun() throws Exception {
    assertThat(JAR).as("built by the reactor before this module").exists();
    Path repo = checkoutWithCleanupTimeout(Duration.ofSeconds(15));
    Path data = temp.resolve("data");
    String slot;
    long countedBeforeKill;
    try (Up first = Up.start(repo, data, temp.resolve("first.log")); S3Client s3 = first.s3()) {
      seed(s3, "images/bulk/", EXPIRED);
      Thread.sleep(6_000);
      seed(s3, "images/fresh/", FRESH);
      Answer started = StackClients.post(first.triggers().resolve("/timers/nightly-cleanup/run"), "");
      assertThat(started.status()).as(started.text()).isEqualTo(202);
      slot = started.json().path("slot").asText();

      countedBeforeKill = awaitProgress(s3, slot);
      first.kill();
    }
    assertThat(countedBeforeKill).as("uploads removed when the stack was killed").isBetween(1L, EXPIRED - 1L);

    try (Up second = Up.start(repo, data, temp.resolve("second.log")); S3Client s3 = second.s3()) {
      JsonNode report = awaitReport(s3, slot);

      assertThat(report.path("resumes").asInt()).isGreaterThanOrEqualTo(1);
      assertThat(report.path("complete").asBoolean()).isTrue();
      assertThat(report.path("counts").path("expiredUploads").path("objects").asLong()).isEqualTo(EXPIRED);
      assertThat(report.path("counts").path("expiredUploadThumbnails").path("objects").asLong()).isEqualTo(EXPIRED);
      assertThat(report.path("counts").path("expiredUploadFlags").path("objects").asLong()).isEqualTo(EXPIRED);
      assertThat(report.path("objectsRemoved").asLong()).isEqualTo(3L * EXPIRED);
      assertThat(keys(s3, "uploads", "")).hasSize(FRESH).allMatch(key -> key.startsWith("images/fresh/"));
      assertThat(keys(s3, "thumbnails", "")).hasSize(FRESH).allMatch(key -> key.startsWith("128/images/fresh/"));
      assertThat(keys(s3, "state", "thumbnail/")).hasSize(FRESH).allMatch(key -> key.startsWith("thumbnail/images/fresh/"));
      JsonNode record = JSON.readTree(read(s3, StateLayout.timer("nightly-cleanup", "slots/" + slot + ".json")));
      assertThat(record.path("state").asText()).isEqualTo("succeeded");
      // 2: the killed attempt and the restarted layer's; a loaded machine may add one whose call outlived
      // its hold, which the checkpoint still resumes from
      assertThat(record.path("attempts").asInt()).as("taken over by the restarted trigger layer").isBetween(2, 3);
    }
  }

  /** Originals with a thumbnail and a succeeded flag each, written 16 at a time. */
  private static void seed(S3Client s3, String prefix, int count) throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(16);
    try {
      List<CompletableFuture<Void>> writes = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String key = prefix + String.format("%05d.bin", i);
        writes.add(CompletableFuture.runAsync(() -> {
          put(s3, "uploads", key, "original " + key);
          put(s3, "thumbnails", "128/" + key, "thumbnail");
          put(s3, "state", "thumbnail/" + key + ".json", "{\"attempt\":1,\"idempotencyKey\":\"blob:" + key
              + "\",\"job\":\"thumbnail\",\"state\":\"succeeded\",\"subject\":\"" + key + "\",\"updatedAt\":\"" + Instant.now() + "\"}");
        }, writers));
      }
      CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    } finally {
      writers.shutdownNow();
    }
  }

  /** Waits until the run's checkpoint counts removed uploads; returns how many. */
  private static long awaitProgress(S3Client s3, String slot) throws Exception {
    String key = StateLayout.checkpoint("cleanup", slot);
    Instant giveUp = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(giveUp)) {
      try {
        long removed = JSON.readTree(read(s3, key)).path("counts").path("expiredUploads").path("objects").asLong();
        if (removed > 0) {
          return removed;
        }
      } catch (NoSuchKeyException notYet) {
        // the run has not written its first checkpoint yet
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the cleanup of " + slot + " made no progress within a minute");
  }

  private static JsonNode awaitReport(S3Client s3, String slot) throws Exception {
    String key = "cleanup/" + slot + ".json";
    Instant giveUp = Instant.now().plusSeconds(150);
    while (Instant.now().isBefore(giveUp)) {
      try {
        JsonNode flag = JSON.readTree(read(s3, key));
        if (flag.path("state").asText().equals("succeeded")) {
          return flag.path("result");
        }
      } catch (NoSuchKeyException notYet) {
        // no flag yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the cleanup of " + slot + " did not finish after the restart");
  }

  private static void put(S3Client s3, String bucket, String key, String body) {
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body));
  }

  private static String read(S3Client s3, String key) {
    return s3.getObjectAsBytes(r -> r.bucket("state").key(key)).asString(StandardCharsets.UTF_8);
  }

  private static List<String> keys(S3Client s3, String bucket, String prefix) {
    return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).toList();
  }

  /** The checkout, linked, but with the nightly cleanup's func.yaml timeout changed. */
  private Path checkoutWithCleanupTimeout(Duration timeout) throws IOException {
    return LinkedCheckout.of(REPO, temp.resolve("repo"))
        .replacing("functions/nightly-cleanup/func.yaml", "timeout: 300", "timeout: " + timeout.toSeconds())
        .root();
  }

  /** One run of the stack's jar, on free ports, with retentions of seconds in its environment. */
  private static final class Up implements AutoCloseable {
    private final Process process;
    private final List<Integer> ports;

    private Up(Process process, List<Integer> ports) {
      this.process = process;
      this.ports = ports;
    }

    static Up start(Path repo, Path data, Path log) throws Exception {
      List<Integer> ports = StackClients.freePorts(6);
      ProcessBuilder builder = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
          "--repo", repo.toString(), "--data", data.toString(), "--no-notifications", "--stop-wait", "PT5S",
          "--s3-port", ports.get(0).toString(), "--sqs-port", ports.get(1).toString(),
          "--fn-port", ports.get(2).toString(), "--triggers-port", ports.get(3).toString(),
          "--smtp-port", ports.get(4).toString(), "--imap-port", ports.get(5).toString()))
          .redirectError(log.toFile());
      Map<String, String> environment = builder.environment();
      environment.put("FNJOBS_FN_CONFIG_CLEANUP_UPLOAD_RETENTION", "PT5S");
      environment.put("FNJOBS_FN_CONFIG_CLEANUP_BATCH_SIZE", "100");
      environment.put("FNJOBS_FN_CONFIG_CLEANUP_TIME_BUDGET", "PT12S");
      environment.put("FNJOBS_SWEEP_INTERVAL", "PT1H");
      Up up = new Up(builder.start(), ports);
      try {
        up.awaitReady();
      } catch (Exception e) {
        up.close();
        throw new AssertionError("the stack did not start; its log: " + Files.readString(log), e);
      }
      return up;
    }

    private void awaitReady() throws Exception {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
        try {
          String line = out.readLine();
          while (line != null && !line.equals("ready")) {
            line = out.readLine();
          }
          if (line == null) {
            throw new IllegalStateException("the stack exited before 'ready'");
          }
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
      });
      ready.get(2, TimeUnit.MINUTES);
    }

    S3Client s3() {
      return StorageClients.s3(EndpointSettings.local(URI.create("http://127.0.0.1:" + ports.get(0)), "minioadmin", "minioadmin"));
    }

    URI triggers() {
      return URI.create("http://127.0.0.1:" + ports.get(3));
    }

    /** SIGKILL: no shutdown hook, nothing finished or released. */
    void kill() throws Exception {
      new ProcessBuilder("kill", "-KILL", Long.toString(process.pid())).start().waitFor();
      assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    }
  }
}
