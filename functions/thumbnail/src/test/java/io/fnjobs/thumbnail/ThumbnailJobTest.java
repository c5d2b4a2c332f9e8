package io.fnjobs.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.BlobEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.common.idempotency.Idempotent;
import io.fnjobs.common.idempotency.ObjectStoreIdempotencyStore;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.OutputLayout;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.ETags;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.fntesting.images.SampleImages;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.thumbnail.image.ImageLimits;
import io.fnjobs.thumbnail.image.PartialImages;
import io.fnjobs.thumbnail.image.Rendering;
import io.fnjobs.thumbnail.image.Thumbnail;
import io.fnjobs.thumbnail.image.Thumbnailer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The job against the real embedded S3 server, over loopback. */
class ThumbnailJobTest {

  private static final String TRIGGER = "thumbnail-on-upload";
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  // whole seconds: Last-Modified has no finer resolution
  private static final Instant UPLOADED = Instant.parse("2026-11-21T09:30:00Z");

  @TempDir static Path data;

  private static EmbeddedS3 server;
  private static S3Client s3;
  private static ThumbnailJob job;
  private static ObjectStoreStatusFlags flags;

  @BeforeAll
  static void start() {
    server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(data).build());
    server.createBuckets(List.of("uploads", "thumbnails", "state"));
    s3 = StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"));
    job = job("thumbnails");
  }

  private static ThumbnailJob job(String outputBucket) {
    Clock clock = Clock.systemUTC();
    flags = new ObjectStoreStatusFlags(new S3ConditionalStore(s3, "state"), clock);
    return job(outputBucket, flags, clock);
  }

  private static ThumbnailJob job(String outputBucket, StatusFlags statusFlags, Clock clock) {
    return job(new S3ThumbnailStore(s3, outputBucket), statusFlags, clock);
  }

  private static ThumbnailJob job(ThumbnailStore thumbnails, StatusFlags statusFlags, Clock clock) {
    S3ConditionalStore state = new S3ConditionalStore(s3, "state");
    return new ThumbnailJob(s3, new Thumbnailer(List.of(128, 512), ImageLimits.DEFAULTS), thumbnails, state,
        statusFlags, new Idempotent(new ObjectStoreIdempotencyStore(state, clock, Duration.ofDays(7))), clock);
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  @Test
  void handle_shouldWriteBothThumbnailsAndASucceededFlag_whenAnImageIsCreated() {
    String key = "images/cat photo+1 ünï%20.jpg";
    String etag = upload(key, SampleImages.jpeg(SampleImages.photo(1600, 1200, 1), 0.9f));

    JobReply reply = job.handle(created(key, etag));

    assertThat(reply.state()).isEqualTo("succeeded");
    StatusFlag flag = flags.get("thumbnail", key).orElseThrow();
    assertThat(flag.state()).isEqualTo(FlagState.succeeded);
    assertThat(flag.objectKey()).isEqualTo("thumbnail/" + key + ".json");
    ThumbnailResult result = Json.MAPPER.convertValue(flag.result(), ThumbnailResult.class);
    assertThat(result.sourceEtag()).isEqualTo(etag);
    assertThat(result.source().width()).isEqualTo(1600);
    assertThat(result.outputs()).extracting(ThumbnailResult.Output::key)
        .containsExactly("512/" + key, "128/" + key);
    assertThat(result.outputs()).extracting(ThumbnailResult.Output::width).containsExactly(512, 128);
    assertThat(result.outputs()).extracting(ThumbnailResult.Output::height).containsExactly(384, 96);
    assertThat(result.timings().totalMillis()).isGreaterThanOrEqualTo(result.timings().decodeMillis());
    assertThat(result.partial()).isFalse();
    assertThat(result.superseded()).isFalse();
    for (ThumbnailResult.Output output : result.outputs()) {
      HeadObjectResponse thumbnail = s3.headObject(r -> r.bucket("thumbnails").key(output.key()));
      assertThat(thumbnail.contentType()).isEqualTo("image/jpeg");
      assertThat(thumbnail.contentLength()).isEqualTo(output.bytes());
      assertThat(thumbnail.metadata()).containsEntry("source-etag", etag);
    }
  }

  @Test
  void handle_shouldRejectWithTheReason_andWriteNoThumbnail_whenTheFileIsCorrupt() {
    String key = "images/corrupt.jpg";
    byte[] corrupt = new byte[2048];
    corrupt[0] = (byte) 0xff;
    corrupt[1] = (byte) 0xd8;
    corrupt[2] = (byte) 0xff;
    String etag = upload(key, corrupt);

    JobReply reply = job.handle(created(key, etag));

    assertThat(reply.state()).isEqualTo("rejected");
    assertThat(reply.detail()).startsWith("corrupt-image: the jpeg image images/corrupt.jpg cannot be decoded");
    StatusFlag flag = flags.get("thumbnail", key).orElseThrow();
    assertThat(flag.state()).isEqualTo(FlagState.rejected);
    assertThat(flag.error().code()).isEqualTo("corrupt-image");
    assertThat(flag.attempt()).isEqualTo(1);
    assertThat(exists("thumbnails", "128/" + key)).isFalse();
    assertThat(exists("thumbnails", "512/" + key)).isFalse();
  }

  @Test
  void handle_shouldRejectAtOnceAsEmptyFile_namingTheKey_whenTheObjectHasNoBytes() {
    String key = "images/empty.jpg";
    String etag = upload(key, new byte[0]);

    JobReply reply = job.handle(created(key, etag));

    assertThat(reply.state()).isEqualTo("rejected");
    StatusFlag flag = flags.get("thumbnail", key).orElseThrow();
    assertThat(flag.state()).isEqualTo(FlagState.rejected);
    assertThat(flag.attempt()).isEqualTo(1);
    assertThat(flag.error()).isEqualTo(new FlagError("empty-file",
        "images/empty.jpg is empty (0 bytes): there is no image to make thumbnails of"));
    assertThat(reply.detail()).isEqualTo("empty-file: " + flag.error().message());
    assertThat(exists("thumbnails", "128/" + key)).isFalse();
  }

  @Test
  void handle_shouldRejectAsCorrupt_namingTheKeyAndWhatIsMissing_whenHalfAJpegIsUploaded() {
    String key = "images/half a photo.jpg";
    byte[] jpeg = SampleImages.jpeg(SampleImages.photo(800, 600, 13), 0.9f);
    String etag = upload(key, Arrays.copyOf(jpeg, jpeg.length / 2));

    JobReply reply = job.handle(created(key, etag));

    assertThat(reply.state()).isEqualTo("rejected");
    StatusFlag flag = flags.get("thumbnail", key).orElseThrow();
    assertThat(flag.state()).isEqualTo(FlagState.rejected);
    assertThat(flag.attempt()).isEqualTo(1);
    assertThat(flag.error().code()).isEqualTo("corrupt-image");
    assertThat(flag.error().message())
        .startsWith("the jpeg image images/half a photo.jpg is truncated (the decoder reports: ")
        .contains("Missing EOI marker")
        .doesNotContain(System.getProperty("java.io.tmpdir"), "thumbnail-source-");
    assertThat(exists("thumbnails", "128/" + key)).isFalse();
    assertThat(exists("thumbnails", "512/" + key)).isFalse();
  }

  @Test
  void handle_shouldMakeThumbnailsMarkedPartial_whenPartialImagesAreAccepted_andHalfAJpegIsUploaded() {
    String key = "images/half accepted.jpg";
    byte[] jpeg = SampleImages.jpeg(SampleImages.photo(800, 600, 14), 0.9f);
    String etag = upload(key, Arrays.copyOf(jpeg, jpeg.length / 2));
    S3ConditionalStore state = new S3ConditionalStore(s3, "state");
    ThumbnailJob lenient = new ThumbnailJob(s3,
        new Thumbnailer(List.of(128, 512), ImageLimits.DEFAULTS, PartialImages.ACCEPT),
        new S3ThumbnailStore(s3, "thumbnails"), state, flags,
        new Idempotent(new ObjectStoreIdempotencyStore(state, Clock.systemUTC(), Duration.ofDays(1))), Clock.systemUTC());

    JobReply reply = lenient.handle(created(key, etag));

    assertThat(reply.state()).isEqualTo("succeeded");
    StatusFlag flag = flags.get("thumbnail", key).orElseThrow();
    assertThat(flag.state()).isEqualTo(FlagState.succeeded);
    assertThat(flag.result().path("partial").asBoolean()).isTrue();
    assertThat(flag.result().path("partialReason").asText()).contains("Missing EOI marker");
    assertThat(flag.result().path("outputs").findValuesAsText("key")).containsExactly("512/" + key, "128/" + key);
    assertThat(exists("thumbnails", "128/" + key)).isTrue();
  }

  @Test
  void handle_shouldKeepTheNewerVersionsThumbnailsAndFlag_whenTheOlderVersionsRenderingFinishesLast()
      throws Exception {
    // Which of two overlapping invocations finishes last is a matter of timing. A latch before the older
    // invocation's first thumbnail write makes it finish last every time: it has checked, downloaded and
    // rendered the older version, and writes only after the newer version was uploaded and processed whole.
    String key = "images/older finishes last.jpg";
    byte[][] contents = landscapeThenPortrait();
    String older = upload(key, contents[0]);
    age(key, UPLOADED.minusSeconds(60));
    HeldWrites held = new HeldWrites(new S3ThumbnailStore(s3, "thumbnails"));
    ThumbnailJob slow = job(held, flags, Clock.systemUTC());
    CompletableFuture<JobReply> olderRun = CompletableFuture.supplyAsync(() -> slow.handle(created(key, older)));
    held.awaitHeld();

    String newer = upload(key, contents[1]);
    age(key, UPLOADED);
    assertThat(job.handle(created(key, newer)).state()).isEqualTo("succeeded");
    held.release();
    JobReply olderReply = olderRun.get(60, TimeUnit.SECONDS);

    StatusFlag flag = flags.get("thumbnail", key).orElseThrow();
    assertThat(flag).extracting(StatusFlag::state, StatusFlag::idempotencyKey, StatusFlag::eventOrder)
        .containsExactly(FlagState.succeeded, inFunction(IdempotencyKeys.blobUpload("uploads", key, newer, UPLOADED, null)),
            EventOrder.objectVersion(UPLOADED, null));
    assertThat(flag.result().path("sourceEtag").asText()).isEqualTo(newer);
    Rendering newerRendering = renderingOf(contents[1]);
    Rendering olderRendering = renderingOf(contents[0]);
    for (int i = 0; i < 2; i++) {
      Thumbnail expected = newerRendering.thumbnails().get(i);
      String thumbnailKey = OutputLayout.thumbnail(expected.box(), key);
      assertThat(s3.headObject(r -> r.bucket("thumbnails").key(thumbnailKey)).metadata())
          .as(thumbnailKey).containsEntry("source-etag", newer);
      byte[] stored = s3.getObjectAsBytes(r -> r.bucket("thumbnails").key(thumbnailKey)).asByteArray();
      assertThat(stored).as("%s: the newer version's bytes", thumbnailKey).isEqualTo(expected.bytes())
          .isNotEqualTo(olderRendering.thumbnails().get(i).bytes());
    }
    assertThat(olderReply.state()).as("the older event is settled").isEqualTo("succeeded");
    assertThat(olderReply.result().path("superseded").asBoolean()).isTrue();
    assertThat(olderReply.result().path("outputs")).as("it wrote no thumbnail").isEmpty();
  }

  /** What the job's thumbnailer makes of {@code bytes}: thumbnails are encoded the same way every time. */
  private static Rendering renderingOf(byte[] bytes) throws IOException {
    Path file = Files.write(data.resolve("expected-" + System.nanoTime() + ".jpg"), bytes);
    try {
      return new Thumbnailer(List.of(128, 512), ImageLimits.DEFAULTS).render(file);
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void handle_shouldRejectBeforeDownloading_whenTheObjectIsOverTheByteLimit() {
    String key = "images/big.jpg";
    String etag = upload(key, SampleImages.jpeg(SampleImages.photo(400, 300, 3), 0.9f));
    S3ConditionalStore state = new S3ConditionalStore(s3, "state");
    ThumbnailJob strict = new ThumbnailJob(s3, new Thumbnailer(List.of(128), new ImageLimits(1_000_000, 100)),
        new S3ThumbnailStore(s3, "thumbnails"), state, flags, new Idempotent(new ObjectStoreIdempotencyStore(state, Clock.systemUTC(),
        Duration.ofDays(1))), Clock.systemUTC());

    JobReply reply = strict.handle(created(key, etag));

    assertThat(reply.state()).isEqualTo("rejected");
    assertThat(reply.detail()).startsWith("too-many-bytes:").contains("THUMBNAIL_MAX_BYTES");
  }

  @Test
  void handle_shouldNotRunAgain_whenTheSameVersionComesTwice() {
    String key = "images/twice.png";
    String etag = upload(key, SampleImages.encode(SampleImages.photo(800, 600, 2), "png"));
    JobReply first = job.handle(created(key, etag));
    s3.deleteObject(r -> r.bucket("thumbnails").key("128/" + key));

    JobReply second = job.handle(created(key, etag));

    assertThat(second.state()).isEqualTo("succeeded");
    assertThat(second.result()).hasToString(first.result().toString());
    assertThat(exists("thumbnails", "128/" + key)).as("the work did not run again").isFalse();
  }

  @Test
  void handle_shouldProcessAgain_whenNewContentComesUnderTheSameKey() {
    String key = "images/changed.jpg";
    job.handle(created(key, upload(key, SampleImages.jpeg(SampleImages.photo(800, 600, 4), 0.9f))));
    String newer = upload(key, SampleImages.jpeg(SampleImages.photo(600, 800, 5), 0.9f));

    JobReply reply = job.handle(created(key, newer));

    assertThat(reply.state()).isEqualTo("succeeded");
    ThumbnailResult result = Json.MAPPER.convertValue(flags.get("thumbnail", key).orElseThrow().result(), ThumbnailResult.class);
    assertThat(result.sourceEtag()).isEqualTo(newer);
    assertThat(result.outputs().get(0).height()).isEqualTo(512);
  }

  @Test
  void handle_shouldMakeTheThumbnailsAgain_whenTheFirstContentIsUploadedAgainAfterOther_byEvents() {
    // all three within one second of last-modified: the events' sequencers tell the uploads apart
    firstContentAgain("images/a b a.jpg", new String[] {"0A01", "0A02", "0A03"},
        new Instant[] {UPLOADED, UPLOADED, UPLOADED});
  }

  @Test
  void handle_shouldMakeTheThumbnailsAgain_whenTheFirstContentIsUploadedAgainAfterOther_bySweeps() {
    // the sweep sends no sequencer: the uploads' last-modified times tell them apart
    firstContentAgain("images/a b a swept.jpg", new String[] {null, null, null},
        new Instant[] {UPLOADED.minusSeconds(120), UPLOADED.minusSeconds(60), UPLOADED});
  }

  @Test
  void handle_shouldSkip_andLeaveTheThumbnails_whenTheOtherContentsEventComesAgainAfterTheFirstContentsReturn() {
    String key = "images/a b a b-again.jpg";
    List<String> etags = firstContentAgain(key, new String[] {"0B01", "0B02", "0B03"},
        new Instant[] {UPLOADED, UPLOADED, UPLOADED});

    JobReply stale = job.handle(created(key, etags.get(1), "0B02"));

    assertThat(stale.state()).isEqualTo("skipped");
    assertThat(s3.headObject(r -> r.bucket("thumbnails").key("512/" + key)).metadata())
        .containsEntry("source-etag", etags.get(0));
    assertThat(flags.get("thumbnail", key).orElseThrow().eventOrder())
        .isEqualTo(EventOrder.objectVersion(UPLOADED, "0B03"));
  }

  @Test
  void handle_shouldNotRunAgain_whenTheEventOfTheSameUploadComesAgain_afterOtherContentCameAndWent() {
    String key = "images/a b a twice.jpg";
    String a = firstContentAgain(key, new String[] {"0C01", "0C02", "0C03"},
        new Instant[] {UPLOADED, UPLOADED, UPLOADED}).get(0);
    s3.deleteObject(r -> r.bucket("thumbnails").key("128/" + key));

    JobReply redelivered = job.handle(created(key, a, "0C03"));

    assertThat(redelivered.state()).isEqualTo("succeeded");
    assertThat(exists("thumbnails", "128/" + key)).as("the work did not run again").isFalse();
  }

  /**
   * Uploads content A, B, then A again under {@code key}, each with its sequencer and last-modified
   * time, and handles each upload's event once; checks that the thumbnails and the flag are A's at
   * the end, made from the third upload. Returns the uploads' ETags.
   */
  private static List<String> firstContentAgain(String key, String[] sequencers, Instant[] lastModified) {
    byte[][] contents = landscapeThenPortrait();
    List<String> etags = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      etags.add(upload(key, contents[i % 2]));
      age(key, lastModified[i]);
      JobReply reply = job.handle(created(key, etags.get(i), sequencers[i]));
      assertThat(reply.state()).as("upload %d", i + 1).isEqualTo("succeeded");
    }
    String a = etags.get(0);
    assertThat(etags.get(2)).isEqualTo(a);
    for (String box : List.of("128/", "512/")) {
      assertThat(s3.headObject(r -> r.bucket("thumbnails").key(box + key)).metadata())
          .as("the thumbnail %s%s", box, key).containsEntry("source-etag", a);
    }
    StatusFlag flag = flags.get("thumbnail", key).orElseThrow();
    assertThat(flag.idempotencyKey()).as("the key the third upload ran under, in the function's namespace")
        .isEqualTo(inFunction(IdempotencyKeys.blobUpload("uploads", key, a, lastModified[2], sequencers[2])));
    assertThat(flag.eventOrder()).isEqualTo(EventOrder.objectVersion(lastModified[2], sequencers[2]));
    ThumbnailResult result = Json.MAPPER.convertValue(flag.result(), ThumbnailResult.class);
    assertThat(result.sourceEtag()).isEqualTo(a);
    assertThat(result.outputs().get(0).width()).as("A is landscape").isEqualTo(512);
    return etags;
  }

  /** Content A, landscape, and content B, portrait: their thumbnails differ in shape. */
  private static byte[][] landscapeThenPortrait() {
    return new byte[][] {SampleImages.jpeg(SampleImages.photo(800, 600, 31), 0.9f),
        SampleImages.jpeg(SampleImages.photo(600, 800, 32), 0.9f)};
  }

  @Test
  void handle_shouldSkipWithoutAFlag_whenTheEventIsOlderThanTheObject() {
    String key = "images/overwritten.jpg";
    String old = upload(key, SampleImages.jpeg(SampleImages.photo(300, 200, 6), 0.9f));
    upload(key, SampleImages.jpeg(SampleImages.photo(300, 200, 7), 0.9f));

    JobReply reply = job.handle(created(key, old));

    assertThat(reply.state()).isEqualTo("skipped");
    assertThat(reply.detail()).contains("newer content");
    assertThat(flags.get("thumbnail", key)).isEmpty();
  }

  @Test
  void handle_shouldSkip_whenTheCreatedObjectIsGone() {
    JobReply reply = job.handle(created("images/never-there.jpg", "0123456789abcdef0123456789abcdef"));

    assertThat(reply.state()).isEqualTo("skipped");
    assertThat(reply.detail()).contains("gone");
  }

  @Test
  void handle_shouldDeleteTheThumbnailsAndTheFlag_whenTheOriginalIsRemoved_andProcessTheSameBytesAgainLater() {
    String key = "images/removed one.jpg";
    byte[] bytes = SampleImages.jpeg(SampleImages.photo(900, 600, 8), 0.9f);
    String etag = upload(key, bytes);
    job.handle(created(key, etag));
    s3.deleteObject(r -> r.bucket("uploads").key(key));

    JobReply removal = job.handle(removed(key, "0000018C2F3A4B5C"));

    assertThat(removal.state()).isEqualTo("succeeded");
    assertThat(exists("thumbnails", "128/" + key)).isFalse();
    assertThat(exists("thumbnails", "512/" + key)).isFalse();
    assertThat(flags.get("thumbnail", key)).isEmpty();

    String again = upload(key, bytes);
    assertThat(again).isEqualTo(etag);
    assertThat(job.handle(created(key, again)).state()).isEqualTo("succeeded");
    assertThat(exists("thumbnails", "128/" + key)).isTrue();
  }

  @Test
  void handle_shouldDeleteTheThumbnailsOfEachVersion_whenRemovedUploadedAgainAndRemovedAgain_withoutSequencer() {
    // a store that sends no sequencer: the trigger layer tells the removals apart by their event time
    String key = "images/twice removed.jpg";
    job.handle(created(key, upload(key, SampleImages.jpeg(SampleImages.photo(600, 400, 11), 0.9f))));
    s3.deleteObject(r -> r.bucket("uploads").key(key));
    assertThat(job.handle(removed(key, "at:2026-11-21T15:04:06.512Z")).detail()).startsWith("removed 2 thumbnails");
    job.handle(created(key, upload(key, SampleImages.jpeg(SampleImages.photo(640, 480, 12), 0.9f))));
    assertThat(exists("thumbnails", "128/" + key)).isTrue();
    s3.deleteObject(r -> r.bucket("uploads").key(key));

    JobReply second = job.handle(removed(key, "at:2026-11-21T15:09:41.007Z"));
    JobReply redelivered = job.handle(removed(key, "at:2026-11-21T15:09:41.007Z"));

    assertThat(second.state()).isEqualTo("succeeded");
    assertThat(exists("thumbnails", "128/" + key)).isFalse();
    assertThat(exists("thumbnails", "512/" + key)).isFalse();
    assertThat(flags.get("thumbnail", key)).isEmpty();
    assertThat(redelivered.result()).isEqualTo(second.result());
  }

  @Test
  void handle_shouldLeaveTheThumbnails_whenTheRemovedObjectExistsAgain() {
    String key = "images/back.jpg";
    String etag = upload(key, SampleImages.jpeg(SampleImages.photo(300, 300, 9), 0.9f));
    job.handle(created(key, etag));

    JobReply removal = job.handle(removed(key, "0000018C2F3A4B5D"));

    assertThat(removal.state()).isEqualTo("skipped");
    assertThat(exists("thumbnails", "128/" + key)).isTrue();
    assertThat(flags.get("thumbnail", key)).isPresent();
  }

  @Test
  void handle_shouldMarkTheFlagFailed_andAnswerFailedForARetry_whenTheOutputBucketIsMissing() {
    String key = "images/nowhere.jpg";
    String etag = upload(key, SampleImages.jpeg(SampleImages.photo(300, 200, 10), 0.9f));
    ThumbnailJob misconfigured = job("no-such-bucket");

    JobReply failed = misconfigured.handle(created(key, etag));

    assertThat(failed.state()).isEqualTo(JobReply.FAILED);
    assertThat(failed.error().code()).isEqualTo("NoSuchBucketException");
    StatusFlag flag = flags.get("thumbnail", key).orElseThrow();
    assertThat(flag.state()).isEqualTo(FlagState.failed);
    assertThat(flag.error()).isEqualTo(failed.error());
    assertThat(job.handle(created(key, etag).forAttempt(2, java.time.Instant.now().plusSeconds(60))).state())
        .as("a retry with the bucket fixed runs, the key having been given up").isEqualTo("succeeded");
  }

  @Test
  void handle_shouldAnswerDeferred_andMoveNoFlag_whileAnotherInvocationHoldsTheChangesKey() {
    String key = "images/held elsewhere.jpg";
    String etag = upload(key, SampleImages.jpeg(SampleImages.photo(300, 200, 11), 0.9f));
    BlobEvent event = created(key, etag);
    holdElsewhere(event);

    JobReply reply = job.handle(event);

    assertThat(reply.state()).isEqualTo("deferred");
    assertThat(Duration.parse(reply.retryAfter())).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10));
    assertThat(flags.get("thumbnail", key)).isEmpty();
    assertThat(exists("thumbnails", "128/" + key)).isFalse();
  }

  @Test
  void handle_shouldAnswerDeferred_andRemoveNothing_whileAnotherInvocationHoldsTheRemovalsKey() {
    String key = "images/removed twice.jpg";
    String etag = upload(key, SampleImages.jpeg(SampleImages.photo(300, 200, 12), 0.9f));
    job.handle(created(key, etag));
    s3.deleteObject(r -> r.bucket("uploads").key(key));
    BlobEvent removal = removed(key, "0000018C2F3A4B5E");
    holdElsewhere(removal);

    JobReply reply = job.handle(removal);

    assertThat(reply.state()).isEqualTo("deferred");
    assertThat(reply.retryAfter()).isNotNull();
    assertThat(flags.get("thumbnail", key).orElseThrow().state()).isEqualTo(FlagState.succeeded);
    assertThat(exists("thumbnails", "128/" + key)).isTrue();
  }

  @Test
  void handle_shouldLeaveTheNewerVersionsFlag_whenALateRetryOfTheOlderVersionFinishesAfterIt() {
    // both versions in the same second of last-modified: the events' sequencers tell them apart, the
    // newer one longer (as text it would sort first)
    lateRetryOfTheFirstVersion("images/late retry.jpg", "FFFFFFFFFFFFFFFF", "010000000000000000", UPLOADED);
  }

  @Test
  void handle_shouldLeaveTheNewerVersionsFlag_whenTheSweepBroughtBoth_byTheirLastModifiedTimes() {
    lateRetryOfTheFirstVersion("images/late retry swept.jpg", null, null, UPLOADED.minusSeconds(60));
  }

  /**
   * The first version's first attempt fails; its retry has checked the object and made its thumbnails
   * when the second version is uploaded and processed whole; then the retry writes its flag, a minute
   * later by its clock than the second version's.
   */
  private static void lateRetryOfTheFirstVersion(String key, String firstSequencer, String secondSequencer,
      Instant firstUploaded) {
    String first = upload(key, SampleImages.jpeg(SampleImages.photo(800, 600, 21), 0.9f));
    age(key, firstUploaded);
    BlobEvent firstChange = created(key, first, firstSequencer);
    assertThat(job("no-such-bucket", flags, Clock.fixed(T0, ZoneOffset.UTC)).handle(firstChange).state())
        .isEqualTo(JobReply.FAILED);
    CueingFlags cueing = new CueingFlags(flags);
    ThumbnailJob retrying = job("thumbnails", cueing, Clock.fixed(T0.plus(Duration.ofMinutes(1)), ZoneOffset.UTC));
    ThumbnailJob current = job("thumbnails", flags, Clock.fixed(T0, ZoneOffset.UTC));
    List<String> second = new ArrayList<>();
    cueing.cue(flag -> flag.state() == FlagState.succeeded, () -> {
      second.add(upload(key, SampleImages.jpeg(SampleImages.photo(600, 800, 22), 0.9f)));
      age(key, UPLOADED);
      assertThat(current.handle(created(key, second.get(0), secondSequencer)).state()).isEqualTo("succeeded");
    });

    JobReply retry = retrying.handle(firstChange.forAttempt(2, T0.plus(Duration.ofMinutes(10))));

    assertThat(cueing.cueRan()).isTrue();
    assertThat(retry.state()).as("the retry's own work went through").isEqualTo("succeeded");
    StatusFlag flag = flags.get("thumbnail", key).orElseThrow();
    assertThat(flag).extracting(StatusFlag::idempotencyKey, StatusFlag::state, StatusFlag::eventOrder)
        .containsExactly(
            inFunction(IdempotencyKeys.blobUpload("uploads", key, second.get(0), UPLOADED, secondSequencer)),
            FlagState.succeeded,
            EventOrder.objectVersion(UPLOADED, secondSequencer));
    assertThat(Json.MAPPER.convertValue(flag.result(), ThumbnailResult.class).sourceEtag()).isEqualTo(second.get(0));
    assertThat(s3.headObject(r -> r.bucket("thumbnails").key("128/" + key)).metadata())
        .containsEntry("source-etag", second.get(0));
  }

  @Test
  void handle_shouldFailNamingTheExpectedKind_whenTheEventIsNotABlobChange() {
    TriggerEvent message = TriggerEvent.ofMessage("orders-from-queue", "m-1", "queue:orders:m-1",
        new TriggerEvent.QueueMessage("orders", "m-1", "{}", 1));

    assertThatThrownBy(() -> job.handle(message)).hasMessageContaining("function thumbnail handles blob events");
  }

  private static BlobEvent created(String key, String etag) {
    return created(key, etag, null);
  }

  /** A created object as the trigger layer sends it: with the store's sequencer from an event, none from the sweep. */
  private static BlobEvent created(String key, String etag, String sequencer) {
    return TriggerEvent.ofBlob(TRIGGER, "uploads/" + key + "@" + etag,
        inFunction(IdempotencyKeys.blob("uploads", key, etag, null)),
        new BlobChange(BlobChange.Change.created, "uploads", key, etag, null, null, sequencer));
  }

  /** A removal as the trigger layer sends it; {@code removal} tells it from the key's other removals. */
  private static BlobEvent removed(String key, String removal) {
    return TriggerEvent.ofBlob(TRIGGER, "uploads/" + key + "@removed:" + removal,
        inFunction(IdempotencyKeys.blobRemoval("uploads", key, removal)),
        new BlobChange(BlobChange.Change.removed, "uploads", key, null, null, null));
  }

  /** A key in the thumbnail function's namespace, as the trigger layer sends it. */
  private static String inFunction(String key) {
    return IdempotencyKeys.forFunction("fnjobs", "thumbnail", key);
  }

  /** What another invocation of the event leaves while it runs: the key it runs under, held for 10 minutes. */
  private static void holdElsewhere(BlobEvent event) {
    BlobChange blob = event.blob();
    String key = blob.change() == BlobChange.Change.created
        ? ThumbnailJob.uploadKey(event, blob, s3.headObject(r -> r.bucket(blob.bucket()).key(blob.key())))
        : event.idempotencyKey();
    new ObjectStoreIdempotencyStore(new S3ConditionalStore(s3, "state"), Clock.systemUTC(), Duration.ofDays(7))
        .begin(key, Json.hash(ThumbnailJob.Payload.of(blob)), java.time.Instant.now().plus(Duration.ofMinutes(10)));
  }

  private static String upload(String key, byte[] bytes) {
    return ETags.bare(s3.putObject(r -> r.bucket("uploads").key(key), RequestBody.fromBytes(bytes)).eTag());
  }

  /**
   * Dates an upload: the embedded store takes an object's Last-Modified from its file's modification
   * time, so a test sets how far apart two versions were written without waiting for it.
   */
  private static void age(String key, Instant lastModified) {
    try {
      Files.setLastModifiedTime(data.resolve("uploads").resolve(key), FileTime.from(lastModified));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean exists(String bucket, String key) {
    try {
      s3.headObject(r -> r.bucket(bucket).key(key));
      return true;
    } catch (NoSuchKeyException e) {
      return false;
    }
  }
}
