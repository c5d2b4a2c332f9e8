package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.fntesting.images.SampleImages;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runtime.TriggerService;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The blob trigger without the store's notifications: the sweep finds uploads on its own, several
 * trigger-layer instances share the work without doing any twice, and S3 event notifications arrive
 * through an SQS queue instead.
 */
class BlobTriggerE2ETest {

  private static final Duration SWEEP = Duration.ofSeconds(1);
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Map<String, String> ENVIRONMENT = Map.of("FNJOBS_SWEEP_INTERVAL", SWEEP.toString());

  @TempDir static Path data;
  @TempDir static Path definitions;

  private static BlobChecks checks;
  private static EmbeddedStack stack;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    checks = BlobChecks.start(data, options -> options.notifications(false).withEnvironment(ENVIRONMENT));
    stack = checks.stack();
    s3 = checks.s3();
    checks.warmUp();
  }

  @AfterAll
  static void stop() {
    if (checks != null) {
      checks.close();
    }
  }

  @Test
  void sweep_shouldProcessAnUpload_withinItsInterval_whenTheStoreSendsNoNotifications() {
    String key = "images/swept/photo one+1.jpg";
    checks.upload(key, SampleImages.jpeg(SampleImages.photo(1600, 1200, 21), 0.9f));
    Instant uploaded = Instant.now();

    StatusFlag flag = checks.awaitFlag(key, WAIT).orElseThrow();

    assertThat(flag.state()).isEqualTo(FlagState.succeeded);
    assertThat(Duration.between(uploaded, Instant.parse(flag.updatedAt())))
        .as("found by a sweep of the 1 s interval, then processed").isLessThan(SWEEP.plusSeconds(5));
    assertThat(checks.exists("thumbnails", "128/" + key)).isTrue();
    JsonNode trigger = BlobChecks.trigger(stack.triggersUri());
    assertThat(trigger.path("received").path("webhook").asLong()).isZero();
    assertThat(trigger.path("received").path("sweep").asLong()).isPositive();
    assertThat(trigger.path("sweepInterval").asText()).isEqualTo("PT1S");
  }

  @Test
  void twoInstances_shouldProcessEachVersionOnce_whenBothSweepTheSameStore() throws Exception {
    List<String> keys = new ArrayList<>();
    try (TriggerService second = checks.anotherInstance(Path.of("..", "infra", "triggers"), ENVIRONMENT)) {
      for (int i = 0; i < 6; i++) {
        String key = "images/shared/photo-" + i + ".jpg";
        checks.upload(key, SampleImages.jpeg(SampleImages.photo(1200, 900, 30 + i), 0.9f));
        keys.add(key);
      }
      Instant uploaded = Instant.now();

      for (String key : keys) {
        assertThat(checks.awaitFlag(key, WAIT)).as(key).hasValueSatisfying(flag ->
            assertThat(flag.state()).isEqualTo(FlagState.succeeded));
      }
      // which instance's sweep finds a version first is a race; that the second sweeps them too is not
      assertThat(BlobChecks.await(WAIT, () -> sweptSince(second, uploaded)))
          .as("the second instance swept the store after the uploads").isTrue();
    }

    for (String key : keys) {
      String etag = s3.headObject(r -> r.bucket("uploads").key(key)).eTag().replace("\"", "");
      String idempotencyKey = IdempotencyKeys.blob("uploads", key, etag, null);
      // the flag is written inside the invocation, its run record after it
      BlobChecks.await(WAIT, () -> checks.runs(idempotencyKey).stream()
          .anyMatch(run -> run.outcome() == RunRecord.Outcome.succeeded));
      List<RunRecord> runs = checks.runs(idempotencyKey);
      assertThat(runs).as(key + ": one run reached the function").filteredOn(run -> run.fnStatus() == 200).hasSize(1);
      assertThat(runs).as(key).filteredOn(run -> run.outcome() == RunRecord.Outcome.succeeded).hasSize(1);
    }
  }

  private static boolean sweptSince(TriggerService instance, Instant since) {
    JsonNode sweep = BlobChecks.trigger(instance.adminUri()).path("lastSweep");
    return !sweep.isMissingNode() && Instant.parse(sweep.path("startedAt").asText()).isAfter(since);
  }

  @Test
  void eventQueue_shouldProcessS3NotificationsFromSqs_decodingTheKeyAsAwsEncodesIt() throws IOException {
    try (SqsClient sqs = StackClients.sqs(stack)) {
      String queueUrl = sqs.createQueue(r -> r.queueName("uploads-events")).queueUrl();
      Files.writeString(definitions.resolve("queued-thumbnails.yaml"), """
          name: queued-thumbnails
          type: blob
          app: fnjobs
          function: thumbnail
          source:
            bucket: uploads
            prefix: queued/
            sweepInterval: PT0S
            eventQueue: uploads-events
          outputs:
            - bucket: thumbnails
            - bucket: state
              prefix: thumbnail/
          """);
      try (TriggerService queued = checks.anotherInstance(definitions, Map.of())) {
        String key = "queued/summer 2026/cat photo+1 ünï 100%.jpg";
        byte[] bytes = SampleImages.jpeg(SampleImages.photo(1200, 800, 40), 0.9f);
        String etag = checks.upload(key, bytes);
        String notification = BlobChecks.fixture("s3-notification.json")
            .replace("${key}", awsEncoded(key)).replace("${etag}", etag).replace("${size}", String.valueOf(bytes.length));

        sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(notification));

        StatusFlag flag = checks.awaitFlag(key, WAIT).orElseThrow(() -> new AssertionError("no flag for " + key));
        assertThat(flag.state()).isEqualTo(FlagState.succeeded);
        assertThat(checks.exists("thumbnails", "512/" + key)).isTrue();
        assertThat(BlobChecks.trigger(queued.adminUri(), "queued-thumbnails").path("received").path("queue").asLong())
            .isEqualTo(1);
      }
    }
  }

  /** The key as S3 writes it into an event: URL-encoded with '+' for a space, '/' kept. */
  private static String awsEncoded(String key) {
    return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
  }
}
