package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.e2e.StackClients.Answer;
import io.fnjobs.fntesting.images.SampleImages;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.triggers.runs.RunRecord;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Transient failures for real: the thumbnail function writes to a bucket that does not exist yet, so
 * every attempt fails until an operator creates it and replays the dead letters.
 */
class BlobDeadLetterE2ETest {

  private static final String LATE_BUCKET = "late-thumbnails";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path data;

  private static BlobChecks checks;
  private static EmbeddedStack stack;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    checks = BlobChecks.start(data, options -> options
        .withEnvironment(Map.of("FNJOBS_FN_CONFIG_FNJOBS_THUMBNAILS_BUCKET", LATE_BUCKET,
            "FNJOBS_THUMBNAIL_MAX_ATTEMPTS", "2", "FNJOBS_THUMBNAIL_INITIAL_BACKOFF", "PT0.2S")));
    stack = checks.stack();
    s3 = checks.s3();
  }

  @AfterAll
  static void stop() {
    if (checks != null) {
      checks.close();
    }
  }

  @Test
  void failingUpload_shouldBeDeadLettered_afterTheLastAttempt_andSucceedWhenReplayedOnceFixed() {
    String key = "images/dead letters/photo+1.jpg";
    String etag = checks.upload(key, SampleImages.jpeg(SampleImages.photo(800, 600, 50), 0.9f));

    assertThat(BlobChecks.await(WAIT, () -> deadLetters().size() == 1)).as("dead-lettered").isTrue();
    JsonNode letter = deadLetters().get(0);
    assertThat(letter.path("eventId").asText()).isEqualTo("uploads/" + key + "@" + etag);
    assertThat(letter.path("attempts").asInt()).isEqualTo(2);
    assertThat(letter.path("lastError").asText()).isNotBlank();
    StatusFlag failed = checks.flag(key).orElseThrow();
    assertThat(failed.state()).isEqualTo(FlagState.failed);
    assertThat(failed.attempt()).isEqualTo(2);
    assertThat(failed.error().code()).isEqualTo("NoSuchBucketException");
    assertThat(letter.path("lastError").asText()).as("the function's own cause, as its flag says")
        .isEqualTo("NoSuchBucketException: " + failed.error().message());

    s3.createBucket(r -> r.bucket(LATE_BUCKET));
    Answer replay = StackClients.post(replayUri(letter.path("id").asText()), "");

    assertThat(replay.status()).as(replay.text()).isEqualTo(202);
    assertThat(BlobChecks.await(WAIT, () -> checks.flag(key).map(f -> f.state() == FlagState.succeeded).orElse(false)))
        .as("succeeded after the replay").isTrue();
    assertThat(checks.exists(LATE_BUCKET, "128/" + key)).isTrue();
    assertThat(deadLetters()).isEmpty();
    String idempotencyKey = IdempotencyKeys.blob("uploads", key, etag, null);
    // the flag is written inside the invocation, its run record after it
    BlobChecks.await(WAIT, () -> checks.runs(idempotencyKey).size() >= 3);
    assertThat(checks.runs(idempotencyKey))
        .extracting(RunRecord::attempt, RunRecord::outcome)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(1, RunRecord.Outcome.failed),
            org.assertj.core.groups.Tuple.tuple(2, RunRecord.Outcome.failed),
            org.assertj.core.groups.Tuple.tuple(3, RunRecord.Outcome.succeeded));
  }

  @Test
  void replay_shouldAnswer404_whenTheTriggerOrTheDeadLetterIsUnknown() {
    Answer unknownTrigger = StackClients.post(stack.triggersUri().resolve(
        "/dead-letters/no-such-trigger/0123456789abcdef0123456789abcdef/replay"), "");
    Answer unknownLetter = StackClients.post(replayUri("0123456789abcdef0123456789abcdef"), "");
    Answer badId = StackClients.post(replayUri("..%2F..%2Fflags"), "");

    assertThat(unknownTrigger.status()).isEqualTo(404);
    assertThat(unknownTrigger.text()).contains("thumbnail-on-upload");
    assertThat(unknownLetter.status()).isEqualTo(404);
    assertThat(badId.status()).isEqualTo(404);
    assertThat(StackClients.get(stack.triggersUri().resolve("/dead-letters?trigger=nope")).status()).isEqualTo(404);
  }

  private static JsonNode deadLetters() {
    return StackClients.get(stack.triggersUri().resolve("/dead-letters?trigger=" + BlobChecks.TRIGGER))
        .json().path("deadLetters").path(BlobChecks.TRIGGER);
  }

  private static URI replayUri(String id) {
    return stack.triggersUri().resolve("/dead-letters/" + BlobChecks.TRIGGER + "/" + id + "/replay");
  }
}
