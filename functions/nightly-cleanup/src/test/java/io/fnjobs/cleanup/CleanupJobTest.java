package io.fnjobs.cleanup;

import static io.fnjobs.cleanup.Buckets.ORDERS;
import static io.fnjobs.cleanup.Buckets.STATE;
import static io.fnjobs.cleanup.Buckets.THUMBNAILS;
import static io.fnjobs.cleanup.Buckets.UPLOADS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.cleanup.progress.Checkpoint;
import io.fnjobs.cleanup.progress.CheckpointStore;
import io.fnjobs.cleanup.progress.CheckpointTakenOverException;
import io.fnjobs.cleanup.progress.CleanupReport;
import io.fnjobs.cleanup.progress.Rule;
import io.fnjobs.cleanup.progress.Tally;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.job.JobKit;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.common.store.Versioned;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The cleanup on the real embedded store; objects are aged through their files' modification times. */
class CleanupJobTest {

  private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
  private static final Instant OLD = NOW.minus(Duration.ofDays(40));
  private static final Instant RECENT = NOW.minus(Duration.ofDays(2));
  private static final String SLOT = NOW.toString();
  private static final String TRIGGER = "thumbnail-on-upload";

  @TempDir static Path data;
  private static Buckets buckets;

  @BeforeAll
  static void start() {
    buckets = new Buckets(data);
  }

  @AfterAll
  static void stop() {
    buckets.close();
  }

  @BeforeEach
  void empty() {
    buckets.empty();
  }

  @Test
  void run_shouldRemoveExpiredUploadsWithThumbnailsAndFlags_andOrphanThumbnails_andKeepFreshOnes() {
    image("images/old.jpg", "old!", OLD, FlagState.succeeded);
    image("images/new.jpg", "new", RECENT, FlagState.succeeded);
    buckets.put(THUMBNAILS, "128/images/gone.jpg", "orphan", RECENT);

    CleanupReport report = job(defaults()).run(SLOT);

    assertThat(buckets.keys(UPLOADS, "")).containsExactly("images/new.jpg");
    assertThat(buckets.keys(THUMBNAILS, "")).containsExactly("128/images/new.jpg", "512/images/new.jpg");
    assertThat(buckets.keys(STATE, "thumbnail/")).containsExactly("thumbnail/images/new.jpg.json");
    assertThat(report.counts().get(Rule.expiredUploads)).isEqualTo(new Tally(1, 4));
    assertThat(report.counts().get(Rule.expiredUploadThumbnails)).isEqualTo(new Tally(2, 18));
    assertThat(report.counts().get(Rule.expiredUploadFlags).objects()).isEqualTo(1);
    assertThat(report.counts().get(Rule.orphanThumbnails)).isEqualTo(new Tally(1, 6));
    assertThat(report.objectsRemoved()).isEqualTo(5);
    assertThat(report.bytesFreed()).isEqualTo(4 + 18 + 6 + report.counts().get(Rule.expiredUploadFlags).bytes());
    assertThat(report.complete()).isTrue();
    assertThat(report.problemCount()).isZero();
  }

  @Test
  void run_shouldPairEachOriginalWithItsOwnFlagAndThumbnails_whenKeysArePrefixesOfEachOther() {
    // (no "images/a/b" beside "images/a": the embedded store keeps objects as files, and a file cannot be a folder too)
    List<String> expired = List.of("images/a-b", "images/a.jpg", "images/a b+ü%.jpg",
        "images/\uD83D\uDE00.png", "images/\uFFFD.png");
    List<String> fresh = List.of("images/a", "images/a.jpg.x", "images/a-");
    expired.forEach(key -> image(key, "x", OLD, FlagState.succeeded));
    fresh.forEach(key -> image(key, "x", RECENT, FlagState.succeeded));

    CleanupReport report = job(defaults()).run(SLOT);

    assertThat(buckets.keys(UPLOADS, "")).containsExactlyInAnyOrderElementsOf(fresh);
    assertThat(buckets.keys(THUMBNAILS, "")).containsExactlyInAnyOrderElementsOf(
        fresh.stream().flatMap(key -> List.of("128/" + key, "512/" + key).stream()).toList());
    assertThat(buckets.keys(STATE, "thumbnail/")).containsExactlyInAnyOrderElementsOf(
        fresh.stream().map(key -> "thumbnail/" + key + ".json").toList());
    assertThat(report.counts().get(Rule.expiredUploads).objects()).isEqualTo(5);
    assertThat(report.counts().get(Rule.expiredUploadThumbnails).objects()).isEqualTo(10);
    assertThat(report.counts().get(Rule.expiredUploadFlags).objects()).isEqualTo(5);
    assertThat(report.counts().get(Rule.orphanThumbnails).objects()).isZero();
    assertThat(report.counts().get(Rule.repairedOriginals).objects()).isZero();
  }

  @Test
  void run_shouldHandBackOriginalsWithoutASucceededFlag_andSetStaleRunningFlagsFailed() {
    Instant twoHoursAgo = NOW.minus(Duration.ofHours(2));
    String noFlag = original("images/no-flag.jpg", twoHoursAgo);
    String failed = image("images/failed.jpg", "x", twoHoursAgo, FlagState.failed);
    String rejected = image("images/rejected.jpg", "x", twoHoursAgo, FlagState.rejected);
    String succeeded = image("images/done.jpg", "x", twoHoursAgo, FlagState.succeeded);
    String stale = image("images/stale.jpg", "x", twoHoursAgo, FlagState.running);
    record("blob:uploads/images/stale.jpg", "IN_PROGRESS", NOW.minus(Duration.ofMinutes(30)));
    String working = image("images/working.jpg", "x", twoHoursAgo, FlagState.running);
    record("blob:uploads/images/working.jpg", "IN_PROGRESS", NOW.plus(Duration.ofMinutes(1)));
    String young = original("images/young.jpg", NOW.minus(Duration.ofMinutes(10)));
    List.of(noFlag, failed, rejected, succeeded, stale, working, young).forEach(this::receipt);

    CleanupReport report = job(defaults()).run(SLOT);

    assertThat(report.repaired()).containsExactlyInAnyOrder(
        "uploads/images/no-flag.jpg", "uploads/images/failed.jpg", "uploads/images/stale.jpg");
    assertThat(report.counts().get(Rule.repairedOriginals).objects()).isEqualTo(3);
    assertThat(report.counts().get(Rule.staleRunningFlags).objects()).isEqualTo(1);
    assertThat(buckets.keys(STATE, "receipts/")).containsExactlyInAnyOrder(
        receiptKey("images/rejected.jpg"), receiptKey("images/done.jpg"), receiptKey("images/working.jpg"),
        receiptKey("images/young.jpg"));
    assertThat(flag("thumbnail", "images/stale.jpg").state()).isEqualTo(FlagState.failed);
    assertThat(flag("thumbnail", "images/stale.jpg").error().code()).isEqualTo("deadline-passed");
    assertThat(flag("thumbnail", "images/working.jpg").state()).isEqualTo(FlagState.running);
    assertThat(buckets.keys(UPLOADS, "")).hasSize(7);
  }

  @Test
  void run_shouldDeleteExpiredIdempotencyRecordsAndOldReceipts_andKeepTheRest() {
    String expired = record("queue:orders:A-1", "COMPLETED", NOW.minus(Duration.ofHours(1)));
    String released = record("blob:uploads/images/x.jpg#etag:1", "IN_PROGRESS", Instant.EPOCH);
    String live = record("queue:orders:A-2", "COMPLETED", NOW.plus(Duration.ofDays(1)));
    buckets.put(STATE, StateLayout.IDEMPOTENCY + "corrupt.json", "{not json", RECENT);
    buckets.put(STATE, "receipts/" + TRIGGER + "/old.json", "{}", NOW.minus(Duration.ofDays(32)));
    buckets.put(STATE, "receipts/" + TRIGGER + "/new.json", "{}", NOW.minus(Duration.ofDays(30)));

    CleanupReport report = job(defaults()).run(SLOT);

    assertThat(buckets.keys(STATE, StateLayout.IDEMPOTENCY)).containsExactlyInAnyOrder(
        live, StateLayout.IDEMPOTENCY + "corrupt.json");
    assertThat(buckets.exists(STATE, expired)).isFalse();
    assertThat(buckets.exists(STATE, released)).isFalse();
    assertThat(report.counts().get(Rule.expiredIdempotencyRecords).objects()).isEqualTo(2);
    assertThat(buckets.keys(STATE, "receipts/")).containsExactly("receipts/" + TRIGGER + "/new.json");
    assertThat(report.counts().get(Rule.expiredReceipts)).isEqualTo(new Tally(1, 2));
    assertThat(report.problems()).singleElement().satisfies(problem -> {
      assertThat(problem.object()).isEqualTo("state/idempotency/corrupt.json");
      assertThat(problem.message()).startsWith("is not JSON");
    });
  }

  @Test
  void run_shouldArchiveOldCompletedOrders_andLeaveOpenOrNewOnes() {
    buckets.put(ORDERS, "orders/A-1.json", "{\"orderId\":\"A-1\",\"status\":\"confirmed\"}", NOW.minus(Duration.ofDays(100)));
    buckets.put(ORDERS, "orders/A-2.json", "{\"orderId\":\"A-2\",\"status\":\"CANCELLED\"}", NOW.minus(Duration.ofDays(100)));
    buckets.put(ORDERS, "orders/A-3.json", "{\"orderId\":\"A-3\",\"status\":\"pending\"}", NOW.minus(Duration.ofDays(100)));
    buckets.put(ORDERS, "orders/A-4.json", "{\"orderId\":\"A-4\",\"status\":\"confirmed\"}", NOW.minus(Duration.ofDays(10)));
    buckets.put(ORDERS, "orders/A-5.json", "<order/>", NOW.minus(Duration.ofDays(100)));

    CleanupReport report = job(defaults()).run(SLOT);

    assertThat(buckets.keys(ORDERS, "orders/")).containsExactly("orders/A-3.json", "orders/A-4.json", "orders/A-5.json");
    assertThat(buckets.keys(ORDERS, "archive/")).containsExactly("archive/orders/A-1.json", "archive/orders/A-2.json");
    assertThat(buckets.read(ORDERS, "archive/orders/A-1.json")).contains("\"A-1\"");
    assertThat(report.counts().get(Rule.archivedOrders).objects()).isEqualTo(2);
    assertThat(report.objectsRemoved()).isZero();
    assertThat(report.problems()).extracting(problem -> problem.object()).containsExactly("orders/orders/A-5.json");
  }

  @Test
  void run_shouldSetRunningFlagsOfOtherJobsFailed_onlyWhenPastTheirDeadline() {
    putFlag("orders", "A-1", FlagState.running, "queue:orders:A-1", NOW.minus(Duration.ofMinutes(20)));
    record("queue:orders:A-1", "IN_PROGRESS", NOW.minus(Duration.ofMinutes(15)));
    putFlag("orders", "A-2", FlagState.running, "queue:orders:A-2", NOW.minus(Duration.ofMinutes(1)));
    record("queue:orders:A-2", "IN_PROGRESS", NOW.plus(Duration.ofMinutes(4)));
    putFlag("orders", "A-3", FlagState.running, "queue:orders:A-3", NOW.minus(Duration.ofHours(3)));
    putFlag("orders", "A-4", FlagState.running, "queue:orders:A-4", NOW.minus(Duration.ofMinutes(3)));

    CleanupReport report = job(defaults()).run(SLOT);

    assertThat(flag("orders", "A-1").state()).isEqualTo(FlagState.failed);
    assertThat(flag("orders", "A-2").state()).isEqualTo(FlagState.running);
    assertThat(flag("orders", "A-3").state()).isEqualTo(FlagState.failed);
    assertThat(flag("orders", "A-4").state()).isEqualTo(FlagState.running);
    assertThat(report.counts().get(Rule.staleRunningFlags).objects()).isEqualTo(2);
  }

  @Test
  void run_shouldAbortMultipartUploadsOlderThanADay() {
    String uploadId = buckets.s3().createMultipartUpload(r -> r.bucket(UPLOADS).key("images/big.jpg")).uploadId();
    buckets.s3().createMultipartUpload(r -> r.bucket(ORDERS).key("orders/bulk.json"));
    Instant twoDaysLater = NOW.plus(Duration.ofDays(2));

    CleanupReport report = new CleanupJob(buckets.s3(), defaults().build(), Clock.fixed(twoDaysLater, ZoneOffset.UTC))
        .run(twoDaysLater.toString());

    assertThat(report.counts().get(Rule.abortedMultipartUploads).objects()).isEqualTo(2);
    assertThat(buckets.s3().listMultipartUploads(r -> r.bucket(UPLOADS)).uploads())
        .noneMatch(upload -> upload.uploadId().equals(uploadId));
    assertThat(buckets.s3().listMultipartUploads(r -> r.bucket(ORDERS)).uploads()).isEmpty();
  }

  @Test
  void run_shouldReportWithoutChangingAnything_inADryRun() {
    image("images/old.jpg", "old!", OLD, FlagState.succeeded);
    receipt(original("images/no-flag.jpg", NOW.minus(Duration.ofHours(2))));

    CleanupReport report = job(defaults().dryRun(true)).run(SLOT);

    assertThat(report.dryRun()).isTrue();
    assertThat(report.counts().get(Rule.expiredUploads).objects()).isEqualTo(1);
    assertThat(report.counts().get(Rule.repairedOriginals).objects()).isEqualTo(1);
    assertThat(buckets.keys(UPLOADS, "")).hasSize(2);
    assertThat(buckets.keys(THUMBNAILS, "")).hasSize(2);
    assertThat(buckets.keys(STATE, "receipts/")).hasSize(1);
  }

  @Test
  void run_shouldStopCleanlyAtItsTimeBudget_andTheNextAttemptShouldFinishWithTheRightTotals() {
    for (int i = 0; i < 12; i++) {
      image("images/old-" + i + ".jpg", "x", OLD, FlagState.succeeded);
    }
    Clock slow = new SteppingClock(NOW, Duration.ofSeconds(1));

    CleanupReport stopped = new CleanupJob(buckets.s3(), defaults().batchSize(4).timeBudget(Duration.ofSeconds(3)).build(),
        slow).run(SLOT);

    assertThat(stopped.complete()).isFalse();
    assertThat(stopped.stoppedBecause()).startsWith("time budget PT3S used up in phase uploads");
    long firstPart = stopped.counts().get(Rule.expiredUploads).objects();
    assertThat(firstPart).isBetween(1L, 11L);
    assertThat(buckets.keys(UPLOADS, "")).hasSize(12 - (int) firstPart);

    CleanupReport finished = job(defaults().batchSize(4)).run(SLOT);

    assertThat(finished.complete()).isTrue();
    assertThat(finished.resumes()).isEqualTo(1);
    assertThat(finished.counts().get(Rule.expiredUploads).objects()).isEqualTo(12);
    assertThat(finished.counts().get(Rule.expiredUploadThumbnails).objects()).isEqualTo(24);
    assertThat(finished.counts().get(Rule.expiredUploadFlags).objects()).isEqualTo(12);
    assertThat(finished.asOf()).isEqualTo(NOW.toString());
    assertThat(buckets.keys(UPLOADS, "")).isEmpty();
  }

  @Test
  void run_shouldRedoTheInterruptedBatchAndGoOn_whenTheLastAttemptDiedMidway() {
    // each key a prefix of the next, so the walk's order is the reverse of the listing's
    for (int i = 0; i < 10; i++) {
      image("images/old" + "-".repeat(i), "x", OLD, FlagState.succeeded);
    }
    image("images/keep.jpg", "x", RECENT, FlagState.succeeded);
    CleanupSettings small = defaults().batchSize(3).build();

    try (S3Client dying = clientDyingAtDeleteRequest(4)) {
      assertThatThrownBy(() -> new CleanupJob(dying, small, Clock.fixed(NOW, ZoneOffset.UTC)).run(SLOT))
          .hasMessageContaining("the process died");
    }
    assertThat(new CheckpointStore(new S3ConditionalStore(buckets.s3(), STATE)).load(SLOT)
        .orElseThrow().value().pending()).isNotEmpty();
    CleanupReport report = new CleanupJob(buckets.s3(), small, Clock.fixed(NOW.plusSeconds(5), ZoneOffset.UTC)).run(SLOT);

    assertThat(report.resumes()).isEqualTo(1);
    assertThat(report.counts().get(Rule.expiredUploads).objects()).isEqualTo(10);
    assertThat(report.counts().get(Rule.expiredUploadThumbnails).objects()).isEqualTo(20);
    assertThat(report.counts().get(Rule.expiredUploadFlags).objects()).isEqualTo(10);
    assertThat(buckets.keys(UPLOADS, "")).containsExactly("images/keep.jpg");
    assertThat(buckets.keys(THUMBNAILS, "")).containsExactly("128/images/keep.jpg", "512/images/keep.jpg");
    assertThat(buckets.keys(STATE, "thumbnail/")).containsExactly("thumbnail/images/keep.jpg.json");
  }

  @Test
  void run_shouldDecideAsOfTheSlot_whenItRunsLaterThanTheSlot() {
    image("images/month-old.jpg", "x", NOW.minus(Duration.ofDays(30)).plusSeconds(30), FlagState.succeeded);
    Clock aMinuteLater = Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC);

    CleanupReport report = new CleanupJob(buckets.s3(), defaults().build(), aMinuteLater).run(SLOT);

    assertThat(report.asOf()).isEqualTo(SLOT);
    assertThat(report.counts().get(Rule.expiredUploads).objects()).isZero();
    assertThat(buckets.keys(UPLOADS, "")).containsExactly("images/month-old.jpg");
  }

  @Test
  void forget_shouldRemoveTheCheckpoint() {
    CleanupJob job = job(defaults());
    job.run(SLOT);
    assertThat(buckets.exists(STATE, CheckpointStore.key(SLOT))).isTrue();

    job.forget(SLOT);

    assertThat(buckets.exists(STATE, CheckpointStore.key(SLOT))).isFalse();
  }

  @Test
  void constructor_shouldRefuseTheKit_whenItsStateBucketIsNotTheCleanups() {
    JobKit kit = JobKit.on(buckets.s3(), "other-state", JobKit.DEFAULT_RETENTION, Clock.fixed(NOW, ZoneOffset.UTC));

    assertThatThrownBy(() -> new CleanupJob(kit, defaults().build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("other-state").hasMessageContaining(STATE);
  }

  @Test
  void checkpointSave_shouldThrowTakenOver_whenAnotherAttemptWroteTheCheckpointSinceThisOneDid() {
    CheckpointStore first = new CheckpointStore(new S3ConditionalStore(buckets.s3(), STATE));
    CheckpointStore second = new CheckpointStore(new S3ConditionalStore(buckets.s3(), STATE));
    Versioned<Checkpoint> started = first.save(checkpoint(0), null);
    second.save(checkpoint(1), second.load(SLOT).orElseThrow().etag());

    assertThatThrownBy(() -> first.save(checkpoint(0), started.etag()))
        .isInstanceOf(CheckpointTakenOverException.class)
        .hasMessageContaining(STATE + "/" + CheckpointStore.key(SLOT));
    assertThat(first.load(SLOT).orElseThrow().value().resumes()).as("the other attempt's checkpoint stands").isEqualTo(1);
  }

  @Test
  void checkpointSave_shouldThrowTakenOver_whenAnotherAttemptCreatedTheFirstCheckpoint() {
    CheckpointStore checkpoints = new CheckpointStore(new S3ConditionalStore(buckets.s3(), STATE));
    checkpoints.save(checkpoint(3), null);

    assertThatThrownBy(() -> checkpoints.save(checkpoint(0), null)).isInstanceOf(CheckpointTakenOverException.class);
  }

  private static Checkpoint checkpoint(int resumes) {
    return new Checkpoint(SLOT, SLOT, SLOT, resumes, null, Map.of(), List.of(), 0, List.of(), List.of());
  }

  private static CleanupSettings.Builder defaults() {
    return CleanupSettings.builder();
  }

  private static CleanupJob job(CleanupSettings.Builder settings) {
    return new CleanupJob(buckets.s3(), settings.build(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** An original with two thumbnails and a thumbnail flag; returns its key. */
  private String image(String key, String body, Instant at, FlagState flag) {
    buckets.put(UPLOADS, key, body, at);
    buckets.put(THUMBNAILS, "128/" + key, "thumb-128", at);
    buckets.put(THUMBNAILS, "512/" + key, "thumb-512", at);
    putFlag("thumbnail", key, flag, "blob:uploads/" + key, at);
    return key;
  }

  private String original(String key, Instant at) {
    buckets.put(UPLOADS, key, "x", at);
    return key;
  }

  private void receipt(String original) {
    buckets.put(STATE, receiptKey(original), "{}", RECENT);
  }

  private String receiptKey(String original) {
    String etag = buckets.s3().headObject(r -> r.bucket(UPLOADS).key(original)).eTag().replace("\"", "");
    return StateLayout.receipt(TRIGGER, UPLOADS, original, etag);
  }

  private void putFlag(String job, String subject, FlagState state, String key, Instant at) {
    buckets.put(STATE, StateLayout.flag(job, subject),
        new String(Json.write(new StatusFlag(job, subject, state, 1, key, at.toString(), null, null)), StandardCharsets.UTF_8), at);
  }

  private StatusFlag flag(String job, String subject) {
    return Json.read(buckets.read(STATE, StateLayout.flag(job, subject)).getBytes(StandardCharsets.UTF_8),
        StatusFlag.class, subject);
  }

  /** An idempotency record as the store writes it; returns its key. */
  private String record(String key, String status, Instant expires) {
    String recordKey = StateLayout.idempotencyRecord(key);
    buckets.put(STATE, recordKey, "{\"expiresAtMillis\":" + expires.toEpochMilli() + ",\"key\":\"" + key
        + "\",\"payloadHash\":\"h\",\"status\":\"" + status + "\"}", RECENT);
    return recordKey;
  }

  /**
   * A client that dies at the given delete request, as a process killed in the middle of a batch: the
   * kill itself is simulated (the separate-process test in the tests module kills for real).
   */
  private static S3Client clientDyingAtDeleteRequest(int number) {
    AtomicInteger deletes = new AtomicInteger();
    ExecutionInterceptor dieAtDelete = new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if ("DeleteObjects".equals(operation) && deletes.incrementAndGet() >= number) {
          throw new IllegalStateException("the process died");
        }
      }
    };
    return S3Client.builder()
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("minioadmin", "minioadmin")))
        .httpClient(UrlConnectionHttpClient.create())
        .endpointOverride(buckets.uri())
        .forcePathStyle(true)
        .overrideConfiguration(o -> o.addExecutionInterceptor(dieAtDelete))
        .build();
  }

  /** A clock that moves on by a step each time it is read: a run that takes its time. */
  private static final class SteppingClock extends Clock {
    private final AtomicInteger reads = new AtomicInteger();
    private final Instant start;
    private final Duration step;

    SteppingClock(Instant start, Duration step) {
      this.start = start;
      this.step = step;
    }

    @Override
    public Instant instant() {
      return start.plus(step.multipliedBy(reads.getAndIncrement()));
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
