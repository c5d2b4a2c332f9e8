package io.fnjobs.triggers.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.FlagSpec;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.ScriptedFn;
import io.fnjobs.triggers.fixtures.ScriptedFn.Answer;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.timer.TimerSource.CatchUp;
import io.fnjobs.triggers.timer.TimerSource.Overlap;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a timer's slot ends for each kind of answer, through the real invoker onto the real embedded
 * store, with time moved by hand: a busy Fn spends no attempt, poison ends the slot at once, and a
 * slot that ends failed has its status flag say so. The answers are scripted.
 */
class SlotOutcomesTest {

  private static final AtomicInteger TRIGGERS = new AtomicInteger();
  private static final Instant SLOT = Instant.parse("2026-03-14T01:00:00Z");
  private static final DeliveryOptions DELIVERY =
      new DeliveryOptions(3, Duration.ofMinutes(1), Duration.ofMinutes(10), 2.0);

  @TempDir static Path data;
  private static StateBucket state;

  private final ScriptedFn fn = new ScriptedFn(Duration.ofMinutes(5));
  private ManualTime time;
  private String trigger;
  // the flag's job, one per test: every test's slot is the same
  private String job;
  private StatusFlags flags;
  private RunLog runs;

  @BeforeAll
  static void startStore() {
    state = new StateBucket(data);
  }

  @AfterAll
  static void stopStore() {
    state.close();
  }

  @BeforeEach
  void freshTrigger() {
    int n = TRIGGERS.incrementAndGet();
    trigger = "slots-" + n;
    job = "cleanup-" + n;
    time = new ManualTime(Instant.parse("2026-03-14T00:30:00Z"));
    flags = new ObjectStoreStatusFlags(new S3ConditionalStore(state.s3(), "state"), time.clock());
    runs = new ObjectStoreRunLog(state.s3(), "state", time.clock());
  }

  @Test
  void execute_shouldMakeTheSameAttemptAgainAfterTheBackoff_spendingNone_whileFnIsBusy() {
    fn.then(Answer.busy, Answer.busy, Answer.succeed);
    engine(definition()).start();

    time.advanceTo(Instant.parse("2026-03-14T01:30:00Z"));

    assertThat(fn.calls()).extracting(TriggerEvent::attempt).containsExactly(1, 1, 1);
    assertThat(runs.recent(trigger, 10)).extracting(RunRecord::outcome, RunRecord::startedAt).containsExactly(
        tuple(Outcome.succeeded, "2026-03-14T01:03:00Z"), tuple(Outcome.throttled, "2026-03-14T01:01:00Z"),
        tuple(Outcome.throttled, "2026-03-14T01:00:00Z"));
    SlotRecord record = slot();
    assertThat(record).extracting(SlotRecord::state, SlotRecord::attempts, SlotRecord::deferrals)
        .containsExactly(SlotRecord.State.succeeded, 1, 0);
  }

  @Test
  void execute_shouldEndTheSlotFailedAtOnce_andFlagIt_whenTheFunctionAnswersPoison() {
    fn.then(Answer.poison);
    engine(definition().withFlag(FlagSpec.of(job, null, null))).start();

    time.advanceTo(Instant.parse("2026-03-14T01:30:00Z"));

    assertThat(fn.calls()).hasSize(1);
    SlotRecord record = slot();
    assertThat(record.state()).isEqualTo(SlotRecord.State.failed);
    assertThat(record.detail()).isEqualTo("poison, not retried: " + ScriptedFn.POISON_CODE + ": "
        + ScriptedFn.POISON_MESSAGE);
    StatusFlag flag = flags.get(job, SLOT.toString()).orElseThrow();
    assertThat(flag).extracting(StatusFlag::state, StatusFlag::attempt, StatusFlag::error).containsExactly(
        FlagState.failed, 1, new FlagError(ScriptedFn.POISON_CODE, record.detail()));
  }

  @Test
  void execute_shouldFlagTheSlotFailed_withTheLastCause_whenEveryAttemptFailsBeforeTheFunctionFlaggedIt() {
    fn.then(Answer.fail, Answer.fail, Answer.fail);
    engine(definition().withFlag(FlagSpec.of(job, null, null))).start();

    time.advanceTo(Instant.parse("2026-03-14T01:30:00Z"));

    assertThat(fn.calls()).extracting(TriggerEvent::attempt).containsExactly(1, 2, 3);
    StatusFlag flag = flags.get(job, SLOT.toString()).orElseThrow();
    assertThat(flag).extracting(StatusFlag::state, StatusFlag::attempt, StatusFlag::idempotencyKey,
        StatusFlag::eventOrder).containsExactly(FlagState.failed, 3, "timer:" + trigger + "@" + SLOT, EventOrder.at(SLOT));
    assertThat(flag.error().code()).isEqualTo("function-error");
    assertThat(flag.error().message()).startsWith("failed 3 attempts; the last: function-error: the function failed"
        + " without answering why (Fn answered 502: function failed)");
    assertThat(slot().detail()).isEqualTo(flag.error().message());
  }

  @Test
  void execute_shouldWriteNoFlag_whenTheDefinitionDeclaresNone() {
    fn.then(Answer.fail, Answer.fail, Answer.fail);
    engine(definition()).start();

    time.advanceTo(Instant.parse("2026-03-14T01:30:00Z"));

    assertThat(slot().state()).isEqualTo(SlotRecord.State.failed);
    assertThat(flags.get(job, SLOT.toString())).isEmpty();
  }

  private SlotRecord slot() {
    return state.store().slot(trigger, SLOT).orElseThrow().value();
  }

  private TimerEngine engine(TriggerDefinition definition) {
    FunctionRef function = fn.resolve("fnjobs", "nightly-cleanup");
    Invoker invoker = new Invoker(fn, runs, flags, time.clock());
    SlotInvoker slots = new SlotInvoker() {
      @Override
      public RunRecord invoke(TriggerEvent event, int attempt, boolean deferrable) {
        return invoker.invoke(definition, function, event, attempt, deferrable);
      }

      @Override
      public void gaveUp(TriggerEvent event, int attempt, FlagError why) {
        invoker.giveUp(definition, event, attempt, why);
      }
    };
    return new TimerEngine(definition, function, state.store(), slots, time.scheduler(), RandomGenerator.getDefault(),
        "owner-" + trigger);
  }

  private TriggerDefinition definition() {
    TimerSource source = new TimerSource(CronSchedule.parse("0 0 * * * *", ZoneOffset.UTC), CatchUp.once,
        Duration.ofHours(24), Overlap.skip, Duration.ZERO);
    return new TriggerDefinition(Path.of(trigger + ".yaml"), trigger, "", "fnjobs", "nightly-cleanup", source,
        List.of(), DELIVERY);
  }
}
