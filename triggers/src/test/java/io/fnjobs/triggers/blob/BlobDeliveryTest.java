package io.fnjobs.triggers.blob;

import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.definition.FlagSpec;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.fnjobs.common.event.BlobEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.fixtures.ScriptedFn;
import io.fnjobs.triggers.fixtures.ScriptedFn.Answer;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runtime.Invoker;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Delivery on the real embedded S3 server (receipts, dead letters, runs), with a scripted Fn. */
class BlobDeliveryTest {

  @TempDir static Path data;
  private static StateStore store;

  private final ScriptedFn fn = new ScriptedFn();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final Clock clock = Clock.systemUTC();
  private final StatusFlags flags =
      new ObjectStoreStatusFlags(new S3ConditionalStore(store.s3(), StateStore.STATE), clock);
  private TriggerDefinition definition;
  private Receipts receipts;
  private DeadLetters deadLetters;
  private WorkQueue workers;
  private BlobDelivery delivery;

  @BeforeAll
  static void start() {
    store = new StateStore(data);
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @BeforeEach
  void setUp(org.junit.jupiter.api.TestInfo test) {
    // a trigger per test: receipts and dead letters do not leak between tests
    String name = "t" + Integer.toHexString(test.getDisplayName().hashCode());
    definition = new TriggerDefinition(Path.of("thumbs.yaml"), name, "", "fnjobs", "thumbnail",
        new BlobSource("uploads", "images/", List.of(), Set.of(Change.created, Change.removed), Duration.ZERO, null, 1),
        List.of(), new DeliveryOptions(3, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0));
    receipts = new ObjectStoreReceipts(store.s3(), StateStore.STATE, clock);
    deadLetters = new ObjectStoreDeadLetters(store.s3(), StateStore.STATE);
    workers = new WorkQueue("test", 1, 100);
    delivery = delivery("instance-a");
  }

  private BlobDelivery delivery(String holder) {
    Invoker invoker = new Invoker(fn, runs(), flags, clock);
    return new BlobDelivery(definition, fn.resolve("fnjobs", "thumbnail"), invoker, receipts, deadLetters, workers,
        scheduler, clock, holder);
  }

  @AfterEach
  void tearDown() {
    workers.shutdown(Duration.ofSeconds(5));
  }

  @Test
  void deliver_shouldInvokeOnceAndSettle_andIgnoreTheSameChangeAgain() {
    ObjectChange change = created("images/cat.jpg", "e1");

    delivery.deliver(change);
    delivery.deliver(change.from(ObjectChange.Source.sweep));

    assertThat(fn.calls()).hasSize(1);
    TriggerEvent sent = fn.calls().get(0);
    assertThat(sent.attempt()).isEqualTo(1);
    assertThat(sent.idempotencyKey()).isEqualTo("fn:fnjobs/thumbnail:blob:uploads/images/cat.jpg#etag:e1");
    assertThat(((BlobEvent) sent).blob().key()).isEqualTo("images/cat.jpg");
    assertThat(receipt(change).state()).isEqualTo(Receipt.State.succeeded);
    assertThat(delivery.counts()).containsEntry("succeeded", 1L).containsEntry("duplicates", 1L);
  }

  @Test
  void deliver_shouldRetryAfterTheDefinitionsBackoff_untilTheFunctionSucceeds() {
    fn.then(Answer.fail, Answer.fail, Answer.succeed);
    ObjectChange change = created("images/flaky.jpg", "e1");

    delivery.deliver(change);
    assertThat(receipt(change).attempts()).isEqualTo(1);
    runRetry(2);
    runRetry(3);

    assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(fn.calls()).extracting(TriggerEvent::attempt).containsExactly(1, 2, 3);
    eventually(() -> receipt(change).state() == Receipt.State.succeeded);
    assertThat(deadLetters.list(definition.name(), 10)).isEmpty();
  }

  @Test
  void deliver_shouldDeadLetter_afterTheLastAttempt_withTheLastError() {
    fn.then(Answer.fail, Answer.fail, Answer.fail);
    ObjectChange change = created("images/broken backend.jpg", "e1");

    delivery.deliver(change);
    runRetry(2);
    runRetry(3);
    eventually(() -> receipt(change).state() == Receipt.State.deadLettered);

    List<DeadLetter> letters = deadLetters.list(definition.name(), 10);
    assertThat(letters).hasSize(1);
    assertThat(letters.get(0).attempts()).isEqualTo(3);
    assertThat(letters.get(0).lastError()).startsWith("function-error: the function failed without answering why"
        + " (Fn answered 502: function failed)");
    assertThat(letters.get(0).change().blob().key()).isEqualTo("images/broken backend.jpg");
    assertThat(letters.get(0).id()).isEqualTo(DeadLetter.idOf(change));
    assertThat(scheduler.waiting()).isZero();
    delivery.deliver(change);
    assertThat(fn.calls()).hasSize(3);
  }

  @Test
  void deliver_shouldCarryTheFunctionsOwnCause_intoTheRunsAndTheDeadLetter() {
    fn.then(Answer.failWithCause, Answer.failWithCause, Answer.failWithCause);
    ObjectChange change = created("images/mail down.jpg", "e1");

    delivery.deliver(change);
    runRetry(2);
    runRetry(3);
    eventually(() -> receipt(change).state() == Receipt.State.deadLettered);

    FlagError cause = new FlagError(ScriptedFn.CAUSE_CODE, ScriptedFn.CAUSE_MESSAGE);
    DeadLetter letter = deadLetters.list(definition.name(), 10).get(0);
    assertThat(letter.error()).isEqualTo(cause);
    assertThat(letter.lastError()).isEqualTo(ScriptedFn.CAUSE_CODE + ": " + ScriptedFn.CAUSE_MESSAGE);
    assertThat(runs().recent(definition.name(), 10)).hasSize(3)
        .allSatisfy(run -> assertThat(run).extracting(RunRecord::outcome, RunRecord::fnStatus, RunRecord::error)
            .containsExactly(Outcome.failed, 200, cause));
  }

  @Test
  void deliver_shouldDeadLetterAtOnce_withTheFunctionsReason_whenTheFunctionAnswersPoison() {
    fn.then(Answer.poison);
    ObjectChange change = created("images/odd.jpg", "e1");

    delivery.deliver(change);

    assertThat(fn.calls()).hasSize(1);
    assertThat(scheduler.waiting()).as("no retry").isZero();
    assertThat(receipt(change).state()).isEqualTo(Receipt.State.deadLettered);
    assertThat(deadLetters.list(definition.name(), 10)).singleElement().satisfies(letter -> {
      assertThat(letter.attempts()).isEqualTo(1);
      assertThat(letter.error()).isEqualTo(new FlagError(ScriptedFn.POISON_CODE, ScriptedFn.POISON_MESSAGE));
    });
    assertThat(delivery.counts()).containsEntry("poison", 1L).containsEntry("deadLettered", 1L);
  }

  @Test
  void deliver_shouldMakeTheSameAttemptAgainAfterTheBackoff_spendingNone_whileFnIsBusy() {
    fn.then(Answer.busy, Answer.busy, Answer.fail, Answer.busy, Answer.succeed);
    ObjectChange change = created("images/burst.jpg", "e1");

    delivery.deliver(change);
    runRetry(2);
    runRetry(3);
    runRetry(4);
    runRetry(5);

    assertThat(fn.calls()).extracting(TriggerEvent::attempt).containsExactly(1, 1, 1, 2, 2);
    assertThat(scheduler.delays()).as("1 s and 2 s for two busy answers in a row, the failure's 1 s, then 1 s")
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ofSeconds(1));
    assertThat(runs().recent(definition.name(), 10)).extracting(RunRecord::attempt, RunRecord::outcome)
        .containsExactly(tuple(2, Outcome.succeeded), tuple(2, Outcome.throttled), tuple(1, Outcome.failed),
            tuple(1, Outcome.throttled), tuple(1, Outcome.throttled));
    eventually(() -> receipt(change).state() == Receipt.State.succeeded);
    assertThat(receipt(change).attempts()).isEqualTo(2);
    assertThat(delivery.counts()).containsEntry("throttled", 3L).containsEntry("retried", 1L);
  }

  @Test
  void deliver_shouldFlagTheObjectFailed_withTheCause_whenEveryAttemptFailsBeforeTheFunctionFlaggedIt() {
    definition = definition.withFlag(flagOf("thumbnail"));
    delivery = delivery("instance-a");
    fn.then(Answer.fail, Answer.fail, Answer.fail);
    ObjectChange change = ObjectChange.told(new BlobChange(Change.created, "uploads", "images/never ran.jpg", "e1", 100L, null, "0AB1"), null, ObjectChange.Source.webhook);

    delivery.deliver(change);
    runRetry(2);
    runRetry(3);
    eventually(() -> receipt(change).state() == Receipt.State.deadLettered);

    StatusFlag flag = flags.get("thumbnail", "images/never ran.jpg").orElseThrow();
    assertThat(flag).extracting(StatusFlag::state, StatusFlag::attempt, StatusFlag::idempotencyKey)
        .containsExactly(FlagState.failed, 3, change.idempotencyKey());
    assertThat(flag.error().code()).isEqualTo("function-error");
    assertThat(flag.error().message()).contains("Fn answered 502: function failed");
    assertThat(flag.eventOrder()).isEqualTo(EventOrder.objectVersion(null, "0AB1"));
  }

  @Test
  void deliver_shouldLeaveTheFunctionsOwnFailedFlag_whenItFlaggedTheObjectItself() {
    definition = definition.withFlag(flagOf("thumbnail"));
    delivery = delivery("instance-a");
    ObjectChange change = created("images/flagged.jpg", "e1");
    StatusFlag own = new StatusFlag("thumbnail", "images/flagged.jpg", FlagState.failed, 1, change.idempotencyKey(),
        clock.instant().toString(), null, new FlagError(ScriptedFn.CAUSE_CODE, ScriptedFn.CAUSE_MESSAGE));
    flags.write(own);
    fn.then(Answer.fail, Answer.fail, Answer.fail);

    delivery.deliver(change);
    runRetry(2);
    runRetry(3);
    eventually(() -> receipt(change).state() == Receipt.State.deadLettered);

    assertThat(flags.get("thumbnail", "images/flagged.jpg")).contains(own);
  }

  @Test
  void deliver_shouldSettleAtOnce_whenTheFunctionRejects() {
    fn.then(Answer.reject);
    ObjectChange change = created("images/corrupt.jpg", "e1");

    delivery.deliver(change);

    assertThat(fn.calls()).hasSize(1);
    assertThat(scheduler.waiting()).isZero();
    assertThat(receipt(change).state()).isEqualTo(Receipt.State.rejected);
    assertThat(receipt(change).detail()).isEqualTo("corrupt-image: no frame");
  }

  @Test
  void replay_shouldInvokeTheDeadLetterAgain_withFreshAttemptsNumberedOn_andDropIt() {
    fn.then(Answer.fail, Answer.fail, Answer.fail, Answer.succeed);
    ObjectChange change = created("images/replayed.jpg", "e1");
    delivery.deliver(change);
    runRetry(2);
    runRetry(3);
    eventually(() -> deadLetters.list(definition.name(), 10).size() == 1);

    delivery.replay(deadLetters.list(definition.name(), 10).get(0));

    assertThat(fn.calls()).extracting(TriggerEvent::attempt).containsExactly(1, 2, 3, 4);
    assertThat(receipt(change).state()).isEqualTo(Receipt.State.succeeded);
    assertThat(deadLetters.list(definition.name(), 10)).isEmpty();
  }

  @Test
  void replay_shouldGetTheWholeBudgetAgain_andDeadLetterOnceMore_whenItFailsAgain() {
    fn.then(Answer.fail, Answer.fail, Answer.fail, Answer.fail, Answer.fail, Answer.fail);
    ObjectChange change = created("images/still broken.jpg", "e1");
    delivery.deliver(change);
    runRetry(2);
    runRetry(3);
    eventually(() -> deadLetters.list(definition.name(), 10).size() == 1);

    delivery.replay(deadLetters.list(definition.name(), 10).get(0));
    runRetry(5);
    runRetry(6);

    eventually(() -> deadLetters.list(definition.name(), 10).size() == 1);
    assertThat(deadLetters.list(definition.name(), 10).get(0).attempts()).isEqualTo(6);
    assertThat(scheduler.delays()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(receipt(change).state()).isEqualTo(Receipt.State.deadLettered);
  }

  @Test
  void deliver_shouldForgetTheEarlierVersions_whenARemovalSucceeds() {
    ObjectChange upload = created("images/gone.jpg", "e1");
    delivery.deliver(upload);
    ObjectChange removal =
        ObjectChange.told(new BlobChange(Change.removed, "uploads", "images/gone.jpg", null, null, null, "0AB1"), null, ObjectChange.Source.webhook);

    delivery.deliver(removal);
    delivery.deliver(upload);

    assertThat(fn.calls()).extracting(event -> ((BlobEvent) event).blob().change())
        .containsExactly(Change.created, Change.removed, Change.created);
  }

  @ParameterizedTest
  @EnumSource(value = Answer.class, names = {"succeed", "reject"})
  void deliver_shouldForgetTheOtherVersions_whenACreatedVersionSettles_soThatTheFirstContentRunsAgain(Answer second) {
    ObjectChange a = created("images/a b a.jpg", "e1");
    ObjectChange b = created("images/a b a.jpg", "e2");
    delivery.deliver(a);
    fn.then(second);

    delivery.deliver(b);
    delivery.deliver(a);

    assertThat(fn.calls()).extracting(event -> ((BlobEvent) event).blob().etag()).containsExactly("e1", "e2", "e1");
    assertThat(receipt(a).state()).isEqualTo(Receipt.State.succeeded);
    assertThat(receipts.find(definition.name(), b)).as("forgotten when A settled again").isEmpty();
  }

  @Test
  void deliver_shouldForgetItsOwnReceiptOnly_whenTheFunctionSkipsTheVersionAsStale() {
    ObjectChange current = created("images/moved on.jpg", "e1");
    ObjectChange stale = created("images/moved on.jpg", "e0");
    delivery.deliver(current);
    fn.then(Answer.skip);

    delivery.deliver(stale);

    assertThat(receipts.find(definition.name(), stale)).as("nothing was done for it").isEmpty();
    assertThat(receipt(current).state()).as("the current content's receipt stands").isEqualTo(Receipt.State.succeeded);
    assertThat(delivery.counts()).containsEntry("skipped", 1L).containsEntry("succeeded", 1L);
    delivery.deliver(current);
    assertThat(fn.calls()).hasSize(2);
  }

  @Test
  void deliver_shouldForgetAVersionHeldByAnotherInstance_whenAnotherVersionSettles_andItsHolderGivesUp() {
    ObjectChange a = created("images/interleaved.jpg", "e1");
    ObjectChange b = created("images/interleaved.jpg", "e2");
    // another instance delivers A and is still waiting for the function
    Claim.Held elsewhere = (Claim.Held) receipts.claim(definition.name(), a, "instance-b",
        clock.instant().plus(Duration.ofMinutes(1)));

    delivery.deliver(b);

    assertThat(receipts.find(definition.name(), a)).isEmpty();
    assertThatThrownBy(() -> receipts.settle(elsewhere, 1, Receipt.State.succeeded, "done"))
        .isInstanceOf(LostClaimException.class);
    delivery.deliver(a.from(ObjectChange.Source.sweep));
    assertThat(fn.calls()).extracting(event -> ((BlobEvent) event).blob().etag()).containsExactly("e2", "e1");
  }

  @Test
  void deliver_shouldInvokeOnce_whenTwoInstancesGetTheSameChangeAtOnce() throws Exception {
    BlobDelivery other = delivery("instance-b");
    ObjectChange change = created("images/both.jpg", "e1");
    CountDownLatch start = new CountDownLatch(1);
    Thread a = new Thread(() -> awaitThen(start, () -> delivery.deliver(change)));
    Thread b = new Thread(() -> awaitThen(start, () -> other.deliver(change.from(ObjectChange.Source.sweep))));
    a.start();
    b.start();
    start.countDown();
    a.join();
    b.join();

    assertThat(fn.calls()).hasSize(1);
  }

  /** Runs the scheduled retry, then waits until the worker has made it and either scheduled the next or settled. */
  private void runRetry(int expectedCalls) {
    scheduler.runNext();
    eventually(() -> fn.calls().size() == expectedCalls);
    TriggerEvent.BlobChange blob = ((BlobEvent) fn.calls().get(0)).blob();
    eventually(() -> scheduler.waiting() > 0 || receipt(created(blob.key(), blob.etag())).state().settled());
  }

  private RunLog runs() {
    return new ObjectStoreRunLog(store.s3(), StateStore.STATE, clock);
  }

  /** The flag of a blob trigger's function: its job; the subject is the object's key. */
  private static FlagSpec flagOf(String job) {
    return FlagSpec.of(job, null, null);
  }

  private Receipt receipt(ObjectChange change) {
    return receipts.find(definition.name(), change).orElseThrow();
  }

  private static ObjectChange created(String key, String etag) {
    return ObjectChange.created("uploads", key, etag, 100L, ObjectChange.Source.webhook);
  }

  private static void awaitThen(CountDownLatch start, Runnable work) {
    try {
      start.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    work.run();
  }

  /** Waits, up to 5 s, for what the worker thread does after a retry is handed to it. */
  private static void eventually(BooleanSupplier condition) {
    Eventually.within(Duration.ofSeconds(5), condition);
  }
}
