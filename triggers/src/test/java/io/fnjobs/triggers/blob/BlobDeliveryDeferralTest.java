package io.fnjobs.triggers.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.MutableClock;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.idempotency.Begin;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.fixtures.JobRunnerFn;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.runtime.Invoker;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deferred invocations of a blob trigger, on the real embedded S3 server: the function is the
 * functions' own job runner on the same state bucket ({@link JobRunnerFn}), and a copy of the change's
 * invocation started elsewhere holds the key. Time is moved by hand; retries run when the test says.
 */
class BlobDeliveryDeferralTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  // the function's timeout is 30 s: an invocation by the trigger layer holds the key 65 s at most

  @TempDir static Path data;
  private static StateStore store;

  private final MutableClock clock = new MutableClock(T0);
  private final ManualScheduler scheduler = new ManualScheduler();
  private final WorkQueue workers = new WorkQueue("test", 1, 100);
  private final JobRunnerFn fn = new JobRunnerFn(store.s3(), StateStore.STATE, clock, Duration.ofSeconds(30));
  private final RunLog runs = new ObjectStoreRunLog(store.s3(), StateStore.STATE, clock);
  private final Receipts receipts = new ObjectStoreReceipts(store.s3(), StateStore.STATE, clock);
  private final DeadLetters deadLetters = new ObjectStoreDeadLetters(store.s3(), StateStore.STATE);

  @BeforeAll
  static void start() {
    store = new StateStore(data);
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @AfterEach
  void tearDown() {
    workers.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void deliver_shouldTryTheSameAttemptAgain_whileAnotherInvocationHoldsTheKey_andSettleOnceItHasFinished(TestInfo test) {
    TriggerDefinition definition = definition(test, new DeliveryOptions(3, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0));
    BlobDelivery delivery = delivery(definition);
    ObjectChange change = created("images/slow but healthy.jpg");
    TriggerEvent event = change.toEvent(definition.name());
    // started by hand with a direct invoke, which holds the key for the runner's default of 5 minutes
    Begin.Lease elsewhere = fn.holdElsewhere(fn.resolve("fnjobs", "thumbnail"), event, T0.plus(Duration.ofMinutes(5)));

    delivery.deliver(change);
    for (int deferral = 2; deferral <= 4; deferral++) {
      runNext(definition, change, deferral);
    }
    StatusFlag whileDeferred = fn.flag(event);
    fn.finishElsewhere(event, elsewhere);
    runNext(definition, change, 5);

    assertThat(fn.calls()).extracting(TriggerEvent::attempt).containsExactly(1, 1, 1, 1, 1);
    assertThat(scheduler.delays()).as("from a second, doubling, all shorter than the retry-after")
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));
    assertThat(receipt(definition, change)).extracting(Receipt::state, Receipt::attempts, Receipt::deferrals)
        .containsExactly(Receipt.State.succeeded, 1, 4);
    assertThat(deadLetters.list(definition.name(), 10)).isEmpty();
    assertThat(fn.works()).as("the work ran elsewhere only").isZero();
    assertThat(whileDeferred).extracting(StatusFlag::state, StatusFlag::updatedAt)
        .as("the holder's flag, untouched").containsExactly(FlagState.running, T0.toString());
    List<RunRecord> recorded = runs.recent(definition.name(), 10);
    assertThat(recorded).extracting(RunRecord::outcome).containsExactly(
        Outcome.succeeded, Outcome.deferred, Outcome.deferred, Outcome.deferred, Outcome.deferred);
    assertThat(recorded).extracting(RunRecord::retryAfter).containsExactly(null, "PT4M53S", "PT4M57S", "PT4M59S", "PT5M");
    assertThat(delivery.counts()).containsEntry("deferred", 4L).containsEntry("succeeded", 1L)
        .containsEntry("retried", 0L).containsEntry("deadLettered", 0L);
  }

  @Test
  void deliver_shouldCountADeferralAsAFailedAttempt_pastMaxDeferrals_andDeadLetterTheChangeAtLast(TestInfo test) {
    TriggerDefinition definition =
        definition(test, new DeliveryOptions(3, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0, 2));
    BlobDelivery delivery = delivery(definition);
    ObjectChange change = created("images/held for ever.jpg");
    TriggerEvent event = change.toEvent(definition.name());
    fn.holdElsewhere(fn.resolve("fnjobs", "thumbnail"), event, T0.plus(Duration.ofDays(1)));

    delivery.deliver(change);
    for (int call = 2; call <= 5; call++) {
      runNext(definition, change, call);
    }

    assertThat(fn.calls()).extracting(TriggerEvent::attempt).containsExactly(1, 1, 1, 2, 3);
    assertThat(scheduler.delays()).as("two deferrals, then the backoff of two failed attempts")
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(runs.recent(definition.name(), 10)).extracting(RunRecord::attempt, RunRecord::outcome).containsExactly(
        org.assertj.core.groups.Tuple.tuple(3, Outcome.failed), org.assertj.core.groups.Tuple.tuple(2, Outcome.failed),
        org.assertj.core.groups.Tuple.tuple(1, Outcome.failed), org.assertj.core.groups.Tuple.tuple(1, Outcome.deferred),
        org.assertj.core.groups.Tuple.tuple(1, Outcome.deferred));
    List<DeadLetter> letters = deadLetters.list(definition.name(), 10);
    assertThat(letters).singleElement().satisfies(letter -> {
      assertThat(letter.attempts()).isEqualTo(3);
      assertThat(letter.lastError()).startsWith("deferred-too-often: deferred past the trigger's delivery.maxDeferrals");
    });
    assertThat(receipt(definition, change)).extracting(Receipt::state, Receipt::deferrals)
        .containsExactly(Receipt.State.deadLettered, 2);
    assertThat(fn.flag(event).state()).as("the holder's flag, untouched").isEqualTo(FlagState.running);

    delivery.replay(letters.get(0));

    assertThat(fn.calls()).last().extracting(TriggerEvent::attempt).isEqualTo(4);
    assertThat(receipt(definition, change)).as("a replay gets its deferrals anew")
        .extracting(Receipt::state, Receipt::attempts, Receipt::deferrals)
        .containsExactly(Receipt.State.processing, 3, 1);
  }

  private BlobDelivery delivery(TriggerDefinition definition) {
    Invoker invoker = new Invoker(fn, runs, fn.flags(), clock);
    return new BlobDelivery(definition, fn.resolve("fnjobs", "thumbnail"), invoker, receipts, deadLetters, workers,
        scheduler, clock, "instance-a");
  }

  /**
   * Moves the clock by the wait of the next scheduled try and runs it; waits until the worker has made
   * call {@code expectedCalls} and then scheduled the next try or settled the change.
   */
  private void runNext(TriggerDefinition definition, ObjectChange change, int expectedCalls) {
    List<Duration> delays = scheduler.delays();
    clock.advance(delays.get(delays.size() - 1));
    scheduler.runNext();
    eventually(() -> fn.calls().size() == expectedCalls);
    eventually(() -> scheduler.waiting() > 0 || receipt(definition, change).state().settled());
  }

  private Receipt receipt(TriggerDefinition definition, ObjectChange change) {
    return receipts.find(definition.name(), change).orElseThrow();
  }

  private static TriggerDefinition definition(TestInfo test, DeliveryOptions delivery) {
    // a trigger per test: receipts, dead letters and runs do not leak between tests
    String name = "d" + Integer.toHexString(test.getDisplayName().hashCode());
    return new TriggerDefinition(Path.of("thumbs.yaml"), name, "", "fnjobs", "thumbnail",
        new BlobSource("uploads", "images/", List.of(), Set.of(Change.created), Duration.ZERO, null, 1), List.of(),
        delivery);
  }

  private static ObjectChange created(String key) {
    return ObjectChange.created("uploads", key, "e1", 100L, ObjectChange.Source.webhook);
  }

  /** Waits, up to 5 s, for what the worker thread does after a retry is handed to it. */
  private static void eventually(BooleanSupplier condition) {
    Eventually.within(Duration.ofSeconds(5), condition);
  }
}
