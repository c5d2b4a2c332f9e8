package io.fnjobs.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.cleanup.progress.CheckpointStore;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.idempotency.Begin;
import io.fnjobs.common.idempotency.IdempotencyStore;
import io.fnjobs.common.idempotency.ObjectStoreIdempotencyStore;
import io.fnjobs.common.job.JobOutcome;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.fntesting.FnTesting;
import io.fnjobs.fntesting.FnTestingExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The function as Fn runs it (the real FDK runtime), on the real embedded store. */
@ExtendWith(FnTestingExtension.class)
class CleanupFunctionTest {

  private static final String SLOT = "2026-03-14T02:00:00Z";
  private static final Instant OLD = Instant.parse(SLOT).minus(Duration.ofDays(40));

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
  void configure(FnTesting fn) {
    buckets.empty();
    fn.setConfig("FNJOBS_S3_ENDPOINT", buckets.uri().toString());
    fn.setConfig("FNJOBS_S3_ACCESS_KEY", "minioadmin");
    fn.setConfig("FNJOBS_S3_SECRET_KEY", "minioadmin");
  }

  @Test
  void handleRequest_shouldCleanUp_andKeepTheReportInTheSlotsFlag_whenTheTimerFires(FnTesting fn) {
    buckets.put(Buckets.UPLOADS, "images/old.jpg", "old", OLD);
    fn.givenEvent().withBodyFromResource("events/timer-tick.json").enqueue();

    fn.thenRun(CleanupFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).as(fn.getStdErrAsString()).isEqualTo(200);
    JobReply reply = fn.getOnlyResult().bodyAs(JobReply.class);
    assertThat(reply.job()).isEqualTo("cleanup");
    assertThat(reply.subject()).isEqualTo(SLOT);
    assertThat(reply.state()).isEqualTo("succeeded");
    assertThat(reply.result().path("counts").path("expiredUploads").path("objects").asLong()).isEqualTo(1);
    assertThat(buckets.exists(Buckets.UPLOADS, "images/old.jpg")).isFalse();
    JsonNode flag = Json.read(buckets.read(Buckets.STATE, "cleanup/" + SLOT + ".json").getBytes(StandardCharsets.UTF_8),
        JsonNode.class, "the slot's flag");
    assertThat(flag.path("state").asText()).isEqualTo("succeeded");
    assertThat(flag.path("idempotencyKey").asText()).isEqualTo("timer:nightly-cleanup@" + SLOT);
    assertThat(flag.path("eventOrder").path("time").asText()).as("ordered by its slot").isEqualTo(SLOT);
    assertThat(flag.path("result")).isEqualTo(reply.result());
    assertThat(buckets.exists(Buckets.STATE, CheckpointStore.key(SLOT))).isFalse();
  }

  @Test
  void handleRequest_shouldAnswerTheStoredReport_andCleanNothing_whenTheSlotRunsAgain(FnTesting fn) {
    buckets.put(Buckets.UPLOADS, "images/old.jpg", "old", OLD);
    fn.givenEvent().withBodyFromResource("events/timer-tick.json").enqueue();
    fn.thenRun(CleanupFunction.class, "handleRequest");
    JobReply first = fn.getOnlyResult().bodyAs(JobReply.class);
    buckets.put(Buckets.UPLOADS, "images/old-too.jpg", "old", OLD);

    fn.givenEvent().withBodyFromResource("events/timer-tick.json").enqueue();
    fn.thenRun(CleanupFunction.class, "handleRequest");

    assertThat(fn.getResults()).last().satisfies(result -> assertThat(result.bodyAs(JobReply.class)).isEqualTo(first));
    assertThat(buckets.exists(Buckets.UPLOADS, "images/old-too.jpg")).isTrue();
  }

  @Test
  void handleRequest_shouldAnswerDeferred_andTouchNothing_whileAnotherInvocationRunsTheSlot_thenItsReport(FnTesting fn) {
    buckets.put(Buckets.UPLOADS, "images/old.jpg", "old", OLD);
    // another invocation of the slot holds its key, for 10 minutes more at most
    IdempotencyStore records = new ObjectStoreIdempotencyStore(new S3ConditionalStore(buckets.s3(), Buckets.STATE),
        Clock.systemUTC(), Duration.ofDays(7));
    Instant holdEnds = Instant.now().plus(Duration.ofMinutes(10));
    Begin.Lease holder = ((Begin.Proceed) records.begin("timer:nightly-cleanup@" + SLOT, Json.hash(SLOT), holdEnds)).lease();
    fn.givenEvent().withBodyFromResource("events/timer-tick.json").enqueue();

    fn.thenRun(CleanupFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).as(fn.getStdErrAsString()).isEqualTo(200);
    JobReply deferred = fn.getOnlyResult().bodyAs(JobReply.class);
    assertThat(deferred.state()).isEqualTo("deferred");
    assertThat(Duration.parse(deferred.retryAfter())).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(10));
    assertThat(buckets.exists(Buckets.STATE, "cleanup/" + SLOT + ".json")).as("the slot's flag").isFalse();
    assertThat(buckets.exists(Buckets.UPLOADS, "images/old.jpg")).isTrue();

    JsonNode report = Json.tree(Map.of("counts", Map.of()));
    records.complete(holder, Json.tree(new JobOutcome(report, null)));
    fn.givenEvent().withBodyFromResource("events/timer-tick.json").enqueue();
    fn.thenRun(CleanupFunction.class, "handleRequest");

    assertThat(fn.getResults()).last().satisfies(result -> {
      assertThat(result.status()).isEqualTo(200);
      assertThat(result.bodyAs(JobReply.class)).extracting(JobReply::state, JobReply::result, JobReply::retryAfter)
          .containsExactly("succeeded", report, null);
    });
    assertThat(buckets.exists(Buckets.UPLOADS, "images/old.jpg")).as("the holder's run stands: nothing is cleaned again")
        .isTrue();
  }

  @Test
  void handleRequest_shouldFailNamingTheExpectedKind_whenTheEventIsNotATimerTick(FnTesting fn) {
    fn.givenEvent().withBodyFromResource("events/queue-message.json").enqueue();

    fn.thenRun(CleanupFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("function nightly-cleanup handles timer events", "sent a queue event");
  }

  @Test
  void handleRequest_shouldFailNamingTheSetting_whenARetentionIsNotADuration(FnTesting fn) {
    fn.setConfig("CLEANUP_UPLOAD_RETENTION", "thirty");
    fn.givenEvent().withBodyFromResource("events/timer-tick.json").enqueue();

    fn.thenRun(CleanupFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("setting CLEANUP_UPLOAD_RETENTION has the value 'thirty'");
  }

  @Test
  void handleRequest_shouldFailNamingTheSetting_whenTheIdempotencyRetentionIsNotPositive(FnTesting fn) {
    fn.setConfig("FNJOBS_IDEMPOTENCY_RETENTION", "-P1D");
    fn.givenEvent().withBodyFromResource("events/timer-tick.json").enqueue();

    fn.thenRun(CleanupFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("setting FNJOBS_IDEMPOTENCY_RETENTION has the value '-P1D'");
  }
}
