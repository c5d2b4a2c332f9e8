package io.fnjobs.common.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.MutableClock;
import io.fnjobs.common.StoreFixture;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.QueueEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.idempotency.Idempotent;
import io.fnjobs.common.idempotency.ObjectStoreIdempotencyStore;
import io.fnjobs.common.idempotency.PayloadMismatchException;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.store.S3ConditionalStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobRunnerTest {

  @TempDir static Path data;
  private static StoreFixture fixture;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private StatusFlags flags;
  private JobRunner runner;

  @BeforeAll
  static void start() {
    fixture = new StoreFixture(data);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void runner() {
    flags = new ObjectStoreStatusFlags(fixture.store(), clock);
    runner = new JobRunner(flags,
        new Idempotent(new ObjectStoreIdempotencyStore(fixture.store(), clock, Duration.ofDays(7))), clock);
  }

  @Test
  void run_shouldFlagSucceeded_andAnswerADuplicateWithoutRunningAgain() {
    AtomicInteger mails = new AtomicInteger();
    QueueEvent event = order("A-1", "k-A-1");

    JobReply first = runner.run("orders", "A-1", event, event.message(), () -> Map.of("mails", mails.incrementAndGet()));
    JobReply duplicate = runner.run("orders", "A-1", event, event.message(), () -> Map.of("mails", mails.incrementAndGet()));

    assertThat(mails).hasValue(1);
    assertThat(first.state()).isEqualTo("succeeded");
    assertThat(duplicate.result()).isEqualTo(first.result());
    assertThat(flags.get("orders", "A-1").orElseThrow())
        .extracting(StatusFlag::state, StatusFlag::idempotencyKey).containsExactly(FlagState.succeeded, "k-A-1");
  }

  @Test
  void run_shouldRewriteALostFlag_whenADuplicateArrives_withoutRunningTheWorkAgain() {
    AtomicInteger runs = new AtomicInteger();
    QueueEvent event = order("A-9", "k-A-9");
    runner.run("orders", "A-9", event, event.message().body(), runs::incrementAndGet);
    fixture.store().delete(StatusFlag.keyOf("orders", "A-9"));

    runner.run("orders", "A-9", event, event.message().body(), runs::incrementAndGet);

    assertThat(runs).hasValue(1);
    assertThat(flags.get("orders", "A-9").orElseThrow().state()).isEqualTo(FlagState.succeeded);
  }

  @Test
  void run_shouldFlagRejected_withTheReason_andNotRunAgain() {
    QueueEvent event = order("A-2", "k-A-2");
    AtomicInteger runs = new AtomicInteger();

    JobReply reply = runner.run("orders", "A-2", event, event.message(), () -> {
      runs.incrementAndGet();
      throw new RejectedException("invalid-order", "items[0].quantity = 0: must be 1 or more");
    });
    JobReply again = runner.run("orders", "A-2", event, event.message(), runs::incrementAndGet);

    assertThat(runs).hasValue(1);
    assertThat(reply.state()).isEqualTo("rejected");
    assertThat(again.state()).isEqualTo("rejected");
    assertThat(flags.get("orders", "A-2").orElseThrow().error().code()).isEqualTo("invalid-order");
  }

  @Test
  void run_shouldKeepTheRejectionDetails_asTheFlagsResultAndInTheReply() {
    QueueEvent event = order("A-6", "k-A-6");
    JsonNode details = Json.tree(Map.of("status", "rejected", "reasons", List.of("currency", "items[0].quantity")));

    JobReply reply = runner.run("orders", "A-6", event, event.message(), () -> {
      throw new RejectedException("invalid-order", "2 problems", details);
    });
    JobReply again = runner.run("orders", "A-6", event, event.message(), () -> "never");

    assertThat(flags.get("orders", "A-6").orElseThrow().result()).isEqualTo(details);
    assertThat(reply.result()).isEqualTo(details);
    assertThat(again.result()).isEqualTo(details);
    assertThat(again.detail()).isEqualTo("invalid-order: 2 problems");
  }

  @Test
  void run_shouldFlagFailedAndAnswerFailed_withTheCause_andLetTheNextAttemptSucceed() {
    QueueEvent event = order("A-3", "k-A-3");
    JobReply failed = runner.run("orders", "A-3", event, event.message(), () -> {
      throw new IllegalStateException("SMTP refused the connection");
    });

    FlagError cause = new FlagError("IllegalStateException", "SMTP refused the connection");
    assertThat(failed).extracting(JobReply::state, JobReply::error, JobReply::detail)
        .containsExactly(JobReply.FAILED, cause, "IllegalStateException: SMTP refused the connection");
    assertThat(flags.get("orders", "A-3").orElseThrow())
        .extracting(StatusFlag::state, StatusFlag::attempt, StatusFlag::error).containsExactly(FlagState.failed, 1, cause);

    QueueEvent retry = event.forAttempt(2, clock.instant().plusSeconds(30));
    runner.run("orders", "A-3", retry, retry.message(), () -> "sent");

    assertThat(flags.get("orders", "A-3").orElseThrow())
        .extracting(StatusFlag::state, StatusFlag::attempt).containsExactly(FlagState.succeeded, 2);
  }

  @Test
  void run_shouldAnswerDeferred_withTheHoldsRemainingTime_andLeaveTheFlag_whenAnotherInvocationHoldsTheKey() {
    QueueEvent event = order("A-7", "k-A-7");
    AtomicInteger runs = new AtomicInteger();
    List<JobReply> duplicates = new ArrayList<>();
    List<StatusFlag> flagsSeen = new ArrayList<>();
    JobRunner runner = flaggingRunningAtOnce();

    JobReply first = runner.run("orders", "A-7", event, event.message(), () -> {
      runs.incrementAndGet();
      // a copy of the event delivered while this work runs, 12 s into the 30 s hold
      clock.advance(Duration.ofSeconds(12));
      QueueEvent copy = event.forAttempt(1, clock.instant().plusSeconds(30));
      duplicates.add(runner.run("orders", "A-7", copy, copy.message(), runs::incrementAndGet));
      flagsSeen.add(flags.get("orders", "A-7").orElseThrow());
      return "sent";
    });

    assertThat(runs).hasValue(1);
    JobReply deferred = duplicates.get(0);
    assertThat(deferred.state()).isEqualTo(JobReply.DEFERRED);
    assertThat(deferred.retryAfter()).isEqualTo("PT18S");
    assertThat(deferred.idempotencyKey()).isEqualTo("k-A-7");
    assertThat(deferred.result()).isNull();
    assertThat(deferred.detail()).contains("held by another invocation");
    assertThat(flagsSeen.get(0)).extracting(StatusFlag::state, StatusFlag::updatedAt)
        .containsExactly(FlagState.running, "2026-11-21T10:00:00Z");
    assertThat(first.state()).isEqualTo("succeeded");
    JobReply later = runner.run("orders", "A-7", event, event.message(), runs::incrementAndGet);
    assertThat(later).extracting(JobReply::state, JobReply::result).containsExactly("succeeded", first.result());
    assertThat(runs).hasValue(1);
  }

  @Test
  void deferred_shouldWriteTheRetryAfterAsAnIsoDuration_andNoResult() {
    JobReply reply = JobReply.deferred("orders", "A-8", "k-A-8", Duration.ofMillis(41_500), "held elsewhere");

    assertThat(Json.tree(reply)).isEqualTo(Json.tree(Map.of("job", "orders", "subject", "A-8", "idempotencyKey",
        "k-A-8", "state", "deferred", "detail", "held elsewhere", "retryAfter", "PT41.5S")));
  }

  @Test
  void run_shouldRunTheWork_butLeaveTheNewerEventsFlag_whenAnOlderEventFinishesLater() {
    QueueEvent cancel = order("A-10", "k-A-10#2");
    QueueEvent place = order("A-10", "k-A-10#1");
    runner.run("orders", "A-10", EventOrder.sequence(2), cancel, cancel.message(), () -> Map.of("status", "cancelled"));
    clock.advance(Duration.ofMinutes(1));
    AtomicInteger runs = new AtomicInteger();

    JobReply late = runner.run("orders", "A-10", EventOrder.sequence(1), place, place.message(), runs::incrementAndGet);
    runner.run("orders", "A-10", EventOrder.sequence(1), place, place.message(), runs::incrementAndGet);

    assertThat(late.state()).isEqualTo("succeeded");
    assertThat(runs).as("the work is the work's to judge; only the flag stays").hasValue(1);
    StatusFlag flag = flags.get("orders", "A-10").orElseThrow();
    assertThat(flag).extracting(StatusFlag::idempotencyKey, StatusFlag::eventOrder, StatusFlag::updatedAt)
        .containsExactly("k-A-10#2", EventOrder.sequence(2), "2026-11-21T10:00:00Z");
    assertThat(flag.result().path("status").asText()).isEqualTo("cancelled");
  }

  @Test
  void run_shouldKeepTheOrderInEveryFlagItWrites_failedToo() {
    QueueEvent event = order("A-11", "k-A-11#4");

    JobReply reply = runner.run("orders", "A-11", EventOrder.sequence(4), event, event.message(), () -> {
      throw new IllegalStateException("mail server down");
    });

    assertThat(reply.state()).isEqualTo(JobReply.FAILED);

    assertThat(flags.get("orders", "A-11").orElseThrow())
        .extracting(StatusFlag::state, StatusFlag::eventOrder).containsExactly(FlagState.failed, EventOrder.sequence(4));
  }

  @Test
  void run_shouldAnswerPoison_andFlagFailedWithItsCode_andRunAgain_whenTheEventComesBack() {
    QueueEvent event = order("A-12", "k-A-12");
    AtomicInteger runs = new AtomicInteger();

    JobReply poison = runner.run("orders", "A-12", event, event.message(), () -> {
      runs.incrementAndGet();
      throw new PoisonException("unknown-customer-shape", "customer.address is a list, expected an object");
    });

    FlagError cause = new FlagError("unknown-customer-shape", "customer.address is a list, expected an object");
    assertThat(poison).extracting(JobReply::state, JobReply::error).containsExactly(JobReply.POISON, cause);
    assertThat(flags.get("orders", "A-12").orElseThrow()).extracting(StatusFlag::state, StatusFlag::error)
        .containsExactly(FlagState.failed, cause);
    QueueEvent replayed = event.forAttempt(2, clock.instant().plusSeconds(30));
    JobReply again = runner.run("orders", "A-12", replayed, replayed.message(), () -> "fixed");
    assertThat(again.state()).as("the key was given up, not settled").isEqualTo("succeeded");
    assertThat(runs).hasValue(1);
  }

  @Test
  void run_shouldAnswerFailedWithTheStoresError_whenTheKeyCannotBeTaken() {
    QueueEvent event = order("A-13", "k-A-13");
    JobRunner unreachable = new JobRunner(flags, new Idempotent(new ObjectStoreIdempotencyStore(
        new S3ConditionalStore(fixture.s3(), "no-such-bucket"), clock, Duration.ofDays(7))), clock);

    JobReply reply = unreachable.run("orders", "A-13", event, event.message(), () -> "never");

    assertThat(reply.state()).isEqualTo(JobReply.FAILED);
    assertThat(reply.error().code()).isEqualTo("NoSuchBucketException");
    assertThat(reply.error().message()).contains("bucket");
  }

  @Test
  void run_shouldWriteNoFlag_whenThePayloadDiffersUnderTheSameKey() {
    QueueEvent first = order("A-4", "k-shared");
    runner.run("orders", "A-4", first, first.message(), () -> "ok");
    QueueEvent other = order("A-5", "k-shared");

    assertThatThrownBy(() -> runner.run("orders", "A-5", other, other.message(), () -> "never"))
        .isInstanceOf(PayloadMismatchException.class);

    assertThat(flags.get("orders", "A-5")).isEmpty();
  }

  @Test
  void run_shouldRefuseFromTheSettledFlag_andWriteNothing_whenTheKeyComesAgainWithAnotherPayload() {
    QueueEvent first = order("A-14", "k-A-14");
    runner.run("orders", "A-14", first, Map.of("quantity", 1), () -> "ok");
    StatusFlag settled = flags.get("orders", "A-14").orElseThrow();

    assertThatThrownBy(() -> runner.run("orders", "A-14", first, Map.of("quantity", 4), () -> "never"))
        .isInstanceOf(PayloadMismatchException.class).hasMessageContaining("k-A-14");

    assertThat(flags.get("orders", "A-14")).contains(settled);
  }

  @Test
  void run_shouldSettleAFlagLeftRunning_whenADuplicateArrives_withoutRunningTheWorkAgain() {
    AtomicInteger runs = new AtomicInteger();
    QueueEvent event = order("A-15", "k-A-15");
    runner.run("orders", "A-15", event, event.message().body(), runs::incrementAndGet);
    // what a crash between storing the outcome and writing the flag leaves: the running flag
    String key = StatusFlag.keyOf("orders", "A-15");
    StatusFlag running = new StatusFlag("orders", "A-15", FlagState.running, 1, "k-A-15", clock.instant().toString(),
        null, null);
    fixture.store().replace(key, Json.write(running), "application/json", fixture.store().read(key).orElseThrow().etag());

    JobReply again = runner.run("orders", "A-15", event, event.message().body(), runs::incrementAndGet);

    assertThat(runs).hasValue(1);
    assertThat(again.state()).isEqualTo("succeeded");
    assertThat(flags.get("orders", "A-15").orElseThrow().state()).isEqualTo(FlagState.succeeded);
  }

  @Test
  void run_shouldFlagRunning_whenTheWorkOutlastsTheRunningDelay_andNotBefore() throws Exception {
    JobRunner patient = new JobRunner(flags, new Idempotent(new ObjectStoreIdempotencyStore(fixture.store(), clock,
        Duration.ofDays(7))), clock, Duration.ofMillis(200));
    QueueEvent event = order("A-16", "k-A-16");
    List<Optional<StatusFlag>> atStart = new ArrayList<>();

    JobReply reply = patient.run("orders", "A-16", event, event.message(), () -> {
      atStart.add(flags.get("orders", "A-16"));
      return awaitState("A-16", FlagState.running).state();
    });

    assertThat(atStart.get(0)).as("no running write before the delay").isEmpty();
    assertThat(reply.result().asText()).isEqualTo("running");
    assertThat(flags.get("orders", "A-16").orElseThrow().state()).isEqualTo(FlagState.succeeded);
  }

  /** Waits (up to 10 s of real time: the running write is due after a real delay) for the flag's state. */
  private StatusFlag awaitState(String subject, FlagState state) {
    long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < giveUp) {
      Optional<StatusFlag> flag = flags.get("orders", subject);
      if (flag.isPresent() && flag.get().state() == state) {
        return flag.get();
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("the flag of " + subject + " never said " + state);
  }

  private JobRunner flaggingRunningAtOnce() {
    return new JobRunner(flags, new Idempotent(new ObjectStoreIdempotencyStore(fixture.store(), clock,
        Duration.ofDays(7))), clock, Duration.ZERO);
  }

  private QueueEvent order(String orderId, String key) {
    return TriggerEvent.ofMessage("orders-from-queue", "m-" + orderId, key,
        new QueueMessage("orders", "m-" + orderId, "{\"orderId\":\"" + orderId + "\"}", 1))
        .forAttempt(1, clock.instant().plusSeconds(30));
  }
}
