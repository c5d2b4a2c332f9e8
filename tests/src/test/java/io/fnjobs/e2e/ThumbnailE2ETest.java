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
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Thumbnails on upload, end to end: the embedded store's MinIO webhooks, the trigger layer, the
 * thumbnail function on the local Fn host, flags and thumbnails in the buckets.
 */
class ThumbnailE2ETest {

  private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);
  // for what has no latency target: room for a loaded machine
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path data;

  private static BlobChecks checks;
  private static EmbeddedStack stack;
  private static S3Client s3;
  private static byte[] photo12mp;

  @BeforeAll
  static void start() {
    checks = BlobChecks.start(data, options -> options);
    stack = checks.stack();
    s3 = checks.s3();
    photo12mp = SampleImages.jpeg(SampleImages.photo(4000, 3000, 12), 0.9f);
    checks.warmUp();
  }

  @AfterAll
  static void stop() {
    if (checks != null) {
      checks.close();
    }
  }

  @Test
  void upload_shouldGiveTwoThumbnailsAndASucceededFlag_within5s_whenA12MegapixelJpegArrives() {
    assertProcessedWithin5s("images/e2e/photo-12mp.jpg");
  }

  @Test
  void upload_shouldGiveTwoThumbnailsAndASucceededFlag_within5s_whenTheKeyHasSpacesUnicodeAndPlus() {
    assertProcessedWithin5s("images/e2e/summer 2026/cat photo+1 ünï 100%.jpg");
  }

  @Test
  void upload_shouldGiveTwoThumbnailsAndASucceededFlag_within5s_whenAKeySegmentIsLongerThanAFileNameMayBe() {
    // S3 takes any key up to 1024 bytes whatever its segments; a file system's names end at 255 bytes
    assertProcessedWithin5s("images/e2e/" + "a".repeat(211) + ".jpg");
    assertProcessedWithin5s("images/e2e/" + "ü".repeat(150) + "/long segment+1 100%.jpg");
  }

  private static void assertProcessedWithin5s(String key) {
    String etag = checks.upload(key, photo12mp);
    Instant uploaded = Instant.now();

    StatusFlag flag = checks.awaitFlag(key, FIVE_SECONDS).orElseThrow(() -> new AssertionError("no terminal flag within 5 s"));

    assertThat(Duration.between(uploaded, Instant.now())).isLessThan(FIVE_SECONDS);
    assertThat(flag.state()).isEqualTo(FlagState.succeeded);
    assertThat(flag.result().path("sourceEtag").asText()).isEqualTo(etag);
    assertThat(flag.result().path("outputs").findValuesAsText("key")).containsExactly("512/" + key, "128/" + key);
    BufferedImage large = checks.image("thumbnails", "512/" + key);
    BufferedImage small = checks.image("thumbnails", "128/" + key);
    assertThat(new int[] {large.getWidth(), large.getHeight()}).containsExactly(512, 384);
    assertThat(new int[] {small.getWidth(), small.getHeight()}).containsExactly(128, 96);
    assertThat(s3.headObject(r -> r.bucket("thumbnails").key("128/" + key)).contentType()).isEqualTo("image/jpeg");
  }

  @Test
  void upload_shouldGiveARejectedFlagWithTheReason_noThumbnails_andOneAttempt_whenTheFileIsCorrupt() {
    String key = "images/e2e/corrupt.jpg";
    byte[] corrupt = new byte[4096];
    new java.util.Random(4).nextBytes(corrupt);
    corrupt[0] = (byte) 0xff;
    corrupt[1] = (byte) 0xd8;
    corrupt[2] = (byte) 0xff;
    String etag = checks.upload(key, corrupt);

    StatusFlag flag = checks.awaitFlag(key, WAIT).orElseThrow();

    assertThat(flag.state()).isEqualTo(FlagState.rejected);
    assertThat(flag.error().code()).isEqualTo("corrupt-image");
    assertThat(flag.error().message()).startsWith("the jpeg image " + key + " cannot be decoded");
    assertThat(flag.attempt()).isEqualTo(1);
    assertThat(checks.exists("thumbnails", "128/" + key)).isFalse();
    assertThat(checks.exists("thumbnails", "512/" + key)).isFalse();
    List<RunRecord> runs = checks.awaitRuns(IdempotencyKeys.blob("uploads", key, etag, null), WAIT);
    assertThat(runs).hasSize(1);
    assertThat(runs.get(0).outcome()).isEqualTo(RunRecord.Outcome.rejected);
  }

  @Test
  void upload_shouldBeRejectedAtTheFirstAttempt_withoutRetryOrDeadLetter_whenTheFileIsEmptyOrHalfAJpeg() {
    byte[] jpeg = SampleImages.jpeg(SampleImages.photo(1600, 1200, 13), 0.9f);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("images/e2e/empty.jpg", new byte[0]);
    files.put("images/e2e/half.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
    Map<String, String> codes = Map.of("images/e2e/empty.jpg", "empty-file", "images/e2e/half.jpg", "corrupt-image");
    long retriedBefore = BlobChecks.trigger(stack.triggersUri()).path("delivered").path("retried").asLong();
    Map<String, String> etags = new LinkedHashMap<>();
    files.forEach((key, bytes) -> etags.put(key, checks.upload(key, bytes)));

    etags.forEach((key, etag) -> {
      StatusFlag flag = checks.awaitFlag(key, WAIT).orElseThrow(() -> new AssertionError("no terminal flag of " + key));
      assertThat(flag.state()).as(key).isEqualTo(FlagState.rejected);
      assertThat(flag.attempt()).as(key).isEqualTo(1);
      assertThat(flag.error().code()).as(key).isEqualTo(codes.get(key));
      assertThat(flag.error().message()).as(key).contains(key).doesNotContain(System.getProperty("java.io.tmpdir"));
      List<RunRecord> runs = checks.awaitRuns(IdempotencyKeys.blob("uploads", key, etag, null), WAIT);
      assertThat(runs).as(key).singleElement()
          .extracting(RunRecord::outcome, RunRecord::attempt).containsExactly(RunRecord.Outcome.rejected, 1);
    });
    assertThat(BlobChecks.trigger(stack.triggersUri()).path("delivered").path("retried").asLong())
        .as("retries scheduled").isEqualTo(retriedBefore);
    Answer deadLetters = StackClients.get(stack.triggersUri().resolve("/dead-letters?trigger=" + BlobChecks.TRIGGER));
    assertThat(deadLetters.json().path("deadLetters").path(BlobChecks.TRIGGER).findValuesAsText("eventId"))
        .noneMatch(eventId -> eventId.contains("images/e2e/empty.jpg") || eventId.contains("images/e2e/half.jpg"));
  }

  @Test
  void upload_shouldBeRejectedByItsPixels_inUnderASecond_whenThePngIs20000x20000() {
    String key = "images/e2e/huge.png";
    String etag = checks.upload(key, SampleImages.hugePng(20_000, 20_000));

    StatusFlag flag = checks.awaitFlag(key, WAIT).orElseThrow();

    assertThat(flag.state()).isEqualTo(FlagState.rejected);
    assertThat(flag.error().code()).isEqualTo("too-many-pixels");
    assertThat(flag.error().message()).contains("20000x20000");
    RunRecord run = checks.awaitRuns(IdempotencyKeys.blob("uploads", key, etag, null), WAIT).get(0);
    assertThat(Duration.between(Instant.parse(run.startedAt()), Instant.parse(run.endedAt())))
        .as("the invocation, download included").isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void upload_shouldNotBeProcessedAgain_whenTheSameContentComesAgainUnderTheSameKey() {
    String key = "images/e2e/again.jpg";
    byte[] bytes = SampleImages.jpeg(SampleImages.photo(800, 600, 3), 0.9f);
    String etag = checks.upload(key, bytes);
    StatusFlag first = checks.awaitFlag(key, WAIT).orElseThrow();
    long duplicatesBefore = BlobChecks.trigger(stack.triggersUri()).path("delivered").path("duplicates").asLong();

    checks.upload(key, bytes);

    assertThat(BlobChecks.await(WAIT, () ->
        BlobChecks.trigger(stack.triggersUri()).path("delivered").path("duplicates").asLong() > duplicatesBefore))
        .as("the second upload's event arrived and was found a duplicate").isTrue();
    assertThat(checks.runs(IdempotencyKeys.blob("uploads", key, etag, null))).hasSize(1);
    assertThat(checks.flag(key).orElseThrow().updatedAt()).isEqualTo(first.updatedAt());
  }

  @Test
  void upload_shouldBeProcessedAgain_whenTheFirstContentComesBackAfterOtherContent() {
    String key = "images/e2e/back again.jpg";
    byte[] first = SampleImages.jpeg(SampleImages.photo(800, 600, 41), 0.9f);
    byte[] other = SampleImages.jpeg(SampleImages.photo(600, 800, 42), 0.9f);

    String firstEtag = checks.upload(key, first);
    awaitSucceededFor(key, firstEtag);
    String otherEtag = checks.upload(key, other);
    awaitSucceededFor(key, otherEtag);
    checks.upload(key, first);
    awaitSucceededFor(key, firstEtag);

    assertThat(s3.headObject(r -> r.bucket("thumbnails").key("512/" + key)).metadata())
        .containsEntry("source-etag", firstEtag);
    BufferedImage large = checks.image("thumbnails", "512/" + key);
    assertThat(new int[] {large.getWidth(), large.getHeight()}).as("the first content's shape again")
        .containsExactly(512, 384);
  }

  private static void awaitSucceededFor(String key, String etag) {
    assertThat(BlobChecks.await(WAIT, () -> checks.flag(key)
            .filter(flag -> flag.state() == FlagState.succeeded)
            .filter(flag -> flag.result().path("sourceEtag").asText().equals(etag))
            .isPresent()))
        .as("a succeeded flag of %s for content %s; the last: %s", key, etag, checks.flag(key)).isTrue();
  }

  @Test
  void upload_shouldGiveAPortraitThumbnail_whenTheExifOrientationIs6() {
    String key = "images/e2e/rotated.jpg";
    byte[] landscape = SampleImages.jpeg(SampleImages.photo(3000, 2000, 6), 0.9f);
    checks.upload(key, SampleImages.withExifOrientation(landscape, 6));

    StatusFlag flag = checks.awaitFlag(key, WAIT).orElseThrow();

    assertThat(flag.state()).isEqualTo(FlagState.succeeded);
    assertThat(flag.result().path("source").path("orientation").asInt()).isEqualTo(6);
    BufferedImage thumbnail = checks.image("thumbnails", "512/" + key);
    assertThat(thumbnail.getWidth()).isEqualTo(341);
    assertThat(thumbnail.getHeight()).isEqualTo(512);
  }

  @Test
  void upload_shouldKeepTransparency_asAPngThumbnail_whenThePngHasAlpha() {
    String key = "images/e2e/logo.png";
    checks.upload(key, SampleImages.encode(SampleImages.withAlpha(1024, 768), "png"));

    assertThat(checks.awaitFlag(key, WAIT).orElseThrow().state()).isEqualTo(FlagState.succeeded);
    assertThat(s3.headObject(r -> r.bucket("thumbnails").key("128/" + key)).contentType()).isEqualTo("image/png");
    assertThat(checks.image("thumbnails", "128/" + key).getRGB(0, 0) >>> 24).isZero();
  }

  @Test
  void upload_shouldBeLeftAlone_whenTheObjectIsOutsideImagesOrNotAnImageName() {
    byte[] bytes = SampleImages.jpeg(SampleImages.photo(300, 200, 7), 0.9f);
    checks.upload("documents/e2e/photo.jpg", bytes);
    checks.upload("images/e2e/readme.txt", bytes);
    // events of the store arrive in order: once this one is processed, those before it were seen
    checks.upload("images/e2e/marker.jpg", bytes);

    assertThat(checks.awaitFlag("images/e2e/marker.jpg", WAIT)).isPresent();
    assertThat(checks.flag("documents/e2e/photo.jpg")).isEmpty();
    assertThat(checks.flag("images/e2e/readme.txt")).isEmpty();
    assertThat(checks.exists("thumbnails", "128/documents/e2e/photo.jpg")).isFalse();
    assertThat(checks.exists("thumbnails", "128/images/e2e/readme.txt")).isFalse();
  }

  @Test
  void delete_shouldRemoveTheThumbnailsAndTheFlag_whenTheOriginalIsDeleted() {
    String key = "images/e2e/to delete+1.jpg";
    checks.upload(key, SampleImages.jpeg(SampleImages.photo(600, 400, 8), 0.9f));
    assertThat(checks.awaitFlag(key, WAIT).orElseThrow().state()).isEqualTo(FlagState.succeeded);

    s3.deleteObject(r -> r.bucket("uploads").key(key));

    assertThat(BlobChecks.await(WAIT, () -> checks.flag(key).isEmpty())).as("flag deleted").isTrue();
    assertThat(checks.exists("thumbnails", "128/" + key)).isFalse();
    assertThat(checks.exists("thumbnails", "512/" + key)).isFalse();
  }

  @Test
  void webhook_shouldRefuseWith401_withoutTheBearerToken_andWith400_whenTheBodyIsNotAnEvent() throws Exception {
    String event = "{\"Records\":[]}";

    assertThat(postEvent(null, event).statusCode()).isEqualTo(401);
    assertThat(postEvent("Bearer wrong", event).statusCode()).isEqualTo(401);
    HttpResponse<String> garbage = postEvent("Bearer " + stack.options().webhookToken(), "{\"not\":\"an event\"}");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("no Records array");
    assertThat(postEvent("Bearer " + stack.options().webhookToken(), event).statusCode()).isEqualTo(200);
  }

  @Test
  void triggers_shouldDescribeTheBlobTrigger_withWhatItReceived() {
    checks.upload("images/e2e/counted.jpg", SampleImages.jpeg(SampleImages.photo(200, 200, 9), 0.9f));
    checks.awaitFlag("images/e2e/counted.jpg", WAIT).orElseThrow();

    JsonNode trigger = BlobChecks.trigger(stack.triggersUri());

    assertThat(trigger.path("state").asText()).isEqualTo("connected");
    assertThat(trigger.path("bucket").asText()).isEqualTo("uploads");
    assertThat(trigger.path("prefix").asText()).isEqualTo("images/");
    assertThat(trigger.path("received").path("webhook").asLong()).isPositive();
    assertThat(trigger.path("lastSweep").path("listed").isNumber()).isTrue();
    Answer deadLetters = StackClients.get(stack.triggersUri().resolve("/dead-letters?trigger=" + BlobChecks.TRIGGER));
    assertThat(deadLetters.status()).isEqualTo(200);
    assertThat(deadLetters.json().path("deadLetters").path(BlobChecks.TRIGGER)).isEmpty();
  }

  private static HttpResponse<String> postEvent(String authorization, String body) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(stack.triggersUri().resolve("/events/minio"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
