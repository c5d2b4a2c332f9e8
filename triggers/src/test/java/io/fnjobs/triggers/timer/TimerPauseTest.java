package io.fnjobs.triggers.timer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.TimerEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.triggers.control.PauseSwitch;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.ManualPauses;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.timer.TimerSource.CatchUp;
import io.fnjobs.triggers.timer.TimerSource.Overlap;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A paused timer on the real embedded store, with time moved by hand: its slots are recorded skipped
 * with the reason {@code paused}, and {@link SlotHistory} reads them back with the runs around them.
 */
class TimerPauseTest {

  private static final AtomicInteger TRIGGERS = new AtomicInteger();
  private static final FunctionRef FUNCTION =
      new FunctionRef("fnjobs", "app-1", "nightly-cleanup", "fn-1", Duration.ofMinutes(5));

  @TempDir static Path data;
  private static StateBucket state;

  private final List<TriggerEvent> invoked = new CopyOnWriteArrayList<>();
  private final ManualPauses pauses = new ManualPauses();
  private String trigger;
  private ManualTime time;
  private TimerSource source;

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
    trigger = "paused-" + TRIGGERS.incrementAndGet();
    time = new ManualTime(Instant.parse("2026-03-14T00:30:00Z"));
    source = new TimerSource(CronSchedule.parse("0 0 * * * *", ZoneOffset.UTC), CatchUp.once, Duration.ofHours(24),
        Overlap.skip, Duration.ZERO);
  }

  @Test
  void tick_shouldRecordTheSlotSkippedWithReasonPaused_andRunNothing_whileTheTriggerIsPaused() {
    engine().start();
    pauses.pause(trigger);

    time.advanceTo(Instant.parse("2026-03-14T01:30:00Z"));

    assertThat(invoked).isEmpty();
    SlotRecord slot = state.store().slot(trigger, Instant.parse("2026-03-14T01:00:00Z")).orElseThrow().value();
    assertThat(slot.state()).isEqualTo(SlotRecord.State.skipped);
    assertThat(slot.detail()).isEqualTo(PauseSwitch.REASON);
    ScheduleStatus status = state.store().status(trigger).orElseThrow();
    assertThat(status.lastSkippedSlot()).isEqualTo("2026-03-14T01:00:00Z");
    assertThat(status.lastSkipReason()).isEqualTo("paused");
  }

  @Test
  void tick_shouldRunTheNextSlot_butNotCatchUpThePausedOnes_onceResumed() {
    engine().start();
    pauses.pause(trigger);
    time.advanceTo(Instant.parse("2026-03-14T01:30:00Z"));

    pauses.resume(trigger);
    time.advanceTo(Instant.parse("2026-03-14T02:30:00Z"));

    assertThat(invoked).extracting(event -> ((TimerEvent) event).timer().slot()).containsExactly("2026-03-14T02:00:00Z");
    assertThat(state.store().slot(trigger, Instant.parse("2026-03-14T01:00:00Z")).orElseThrow().value().state())
        .isEqualTo(SlotRecord.State.skipped);
  }

  @Test
  void runNow_shouldBeRefusedNamingTheResume_whileTheTriggerIsPaused() {
    TimerEngine engine = engine();
    engine.start();
    pauses.pause(trigger);

    OnDemand answer = engine.runNow();

    assertThat(answer).isInstanceOf(OnDemand.Unavailable.class);
    assertThat(((OnDemand.Unavailable) answer).reason()).contains("paused").contains("/triggers/" + trigger + "/resume");
    assertThat(invoked).isEmpty();
  }

  @Test
  void recent_shouldListTheLastSlotsNewestFirst_withTheSkippedOnesAndWhy() {
    engine().start();
    time.advanceTo(Instant.parse("2026-03-14T01:30:00Z"));
    pauses.pause(trigger);
    time.advanceTo(Instant.parse("2026-03-14T02:30:00Z"));
    pauses.resume(trigger);
    time.advanceTo(Instant.parse("2026-03-14T03:30:00Z"));

    List<SlotRecord> recent = new SlotHistory(state.s3(), "state", state.store())
        .recent(trigger, source.schedule(), time.now(), 2);

    assertThat(recent).extracting(SlotRecord::slot).containsExactly("2026-03-14T03:00:00Z", "2026-03-14T02:00:00Z");
    assertThat(recent).extracting(SlotRecord::state).containsExactly(SlotRecord.State.succeeded, SlotRecord.State.skipped);
    assertThat(recent.get(1).detail()).isEqualTo("paused");
  }

  @Test
  void windowStart_shouldReachBackFarEnough_forTheLastSlotsOfASparseSchedule() {
    CronSchedule nightly = CronSchedule.parse("0 0 2 * * *", ZoneOffset.UTC);

    Instant start = SlotHistory.windowStart(nightly, Instant.parse("2026-03-14T12:00:00Z"), 3);

    assertThat(start).isBefore(Instant.parse("2026-03-12T02:00:00Z"));
    assertThat(start).isAfter(Instant.parse("2026-03-08T00:00:00Z"));
  }

  private TimerEngine engine() {
    TriggerDefinition definition = new TriggerDefinition(Path.of(trigger + ".yaml"), trigger, "", "fnjobs",
        "nightly-cleanup", source, List.of(), new DeliveryOptions(1, Duration.ofMinutes(1), Duration.ofMinutes(1), 2.0));
    return new TimerEngine(definition, FUNCTION, state.store(), (event, attempt, deferrable) -> {
      invoked.add(event);
      return RunRecord.builder().trigger(trigger).function("nightly-cleanup").event(event.eventId(), event.idempotencyKey())
          .attempt(attempt).between(time.now().toString(), time.now().toString()).outcome(Outcome.succeeded)
          .fnCall(200, "call").detail("done").build();
    }, time.scheduler(), RandomGenerator.getDefault(), "owner-" + trigger, pauses);
  }
}
