package io.fnjobs.triggers.timer;

import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.store.S3ConditionalStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.fnhost.FnHost;
import io.fnjobs.fnhost.FnHostOptions;
import io.fnjobs.fnhost.FunctionsFolder;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.fixtures.ReplyFunction;
import io.fnjobs.triggers.fn.FnHttpClient;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.timer.TimerSource.CatchUp;
import io.fnjobs.triggers.timer.TimerSource.Overlap;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One timer on the wall clock, every 2 seconds, on the real embedded store and a real function host:
 * over 10 slots, each slot runs once, none is skipped, and each starts (the invoker's start, as its
 * run record says) on time: within half the period of its slot. Real time, because what is tested is
 * the timer keeping time; the engine's logic is tested with the test's clock in {@link TimerEngineTest}.
 *
 * <p>On an idle machine a run starts some tens of milliseconds after its slot (the wake, then two reads
 * and two writes to the store); the bound is the on-time limit rather than that, because on a loaded
 * build machine a single store request can take a few hundred. A timer that wakes a period late, as
 * it used to, fails it either way. The lateness measured is logged.
 */
class TimerRealTimeTest {

  private static final Logger LOG = LoggerFactory.getLogger(TimerRealTimeTest.class);
  private static final String TRIGGER = "every-two-seconds";
  private static final int SLOTS = 10;
  private static final Duration PERIOD = Duration.ofSeconds(2);
  // the on-time limit of a 2-second schedule
  private static final Duration MAX_LATENESS = PERIOD.dividedBy(2);

  @TempDir Path temp;

  @Test
  void schedule_shouldStartEverySlotOnceAndOnTime_onTheRealStoreAndFunctionHost() throws Exception {
    FunctionsFolder functions = FunctionsFolder.create(temp.resolve("functions"), "app", Map.of())
        .function("reply", ReplyFunction.class, 5, Map.of());
    Clock clock = Clock.systemUTC();
    try (StateBucket state = new StateBucket(temp.resolve("s3"));
        FnHost host = FnHost.start(FnHostOptions.builder().port(0).functionsDir(functions.dir()).build())) {
      FnHttpClient fn = new FnHttpClient(host.uri());
      FunctionRef function = fn.resolve("app", "reply");
      RunLog runs = new ObjectStoreRunLog(state.s3(), "state", clock);
      Invoker invoker = new Invoker(fn, runs,
          new ObjectStoreStatusFlags(new S3ConditionalStore(state.s3(), "state"), clock), clock);
      TriggerDefinition definition = new TriggerDefinition(Path.of(TRIGGER + ".yaml"), TRIGGER, "", "app", "reply",
          new TimerSource(CronSchedule.parse("*/2 * * * * *", ZoneOffset.UTC), CatchUp.once, Duration.ofHours(1),
              Overlap.skip, Duration.ZERO),
          List.of(), new DeliveryOptions(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 2.0));
      TimerEngine engine = new TimerEngine(definition, function, state.store(),
          (event, attempt, deferrable) -> invoker.invoke(definition, function, event, attempt, deferrable),
          new ClockScheduler(clock, "timer-" + TRIGGER), new Random(), "real-time");
      // the first call starts the function's container and the store's connections: not what is measured
      invoker.invoke(definition, function, TriggerEvent.ofTimer(TRIGGER, "warm-up", "timer:warm-up",
          new TimerTick(clock.instant().toString(), false, true)), 1, true);
      assertThat(state.store().status(TRIGGER)).isEmpty();
      engine.start();
      try {
        Instant first = slotAfter(clock.instant().plus(PERIOD));
        Instant last = first.plus(PERIOD.multipliedBy(SLOTS - 1));
        // the last slot's run ends a moment after it
        Eventually.within(Duration.between(clock.instant(), last).plusSeconds(30), () -> ended(state.store(), last));

        List<Instant> slots = new ArrayList<>();
        for (Instant slot = first; !slot.isAfter(last); slot = slot.plus(PERIOD)) {
          slots.add(slot);
        }
        Map<String, List<RunRecord>> runsBySlot = runs.recent(TRIGGER, 100).stream()
            .collect(Collectors.groupingBy(RunRecord::eventId));
        List<Long> lateness = new ArrayList<>();
        for (Instant slot : slots) {
          SlotRecord record = state.store().slot(TRIGGER, slot).orElseThrow().value();
          assertThat(record.state()).as("slot %s: %s", slot, record).isEqualTo(SlotRecord.State.succeeded);
          assertThat(record.pastDue()).as("slot %s", slot).isFalse();
          List<RunRecord> ran = runsBySlot.getOrDefault(TRIGGER + "@" + slot, List.of());
          assertThat(ran).as("invocations of slot %s", slot).hasSize(1);
          lateness.add(Duration.between(slot, Instant.parse(ran.get(0).startedAt())).toMillis());
        }
        List<Long> sorted = lateness.stream().sorted().toList();
        LOG.info("{} slots every {}: start lateness p50 {} ms, max {} ms, all {}", SLOTS, PERIOD,
            sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), lateness);
        assertThat(lateness).as("ms from slot to invoke").allMatch(late -> late >= 0 && late < MAX_LATENESS.toMillis());
        assertThat(state.store().status(TRIGGER).orElseThrow().skippedSlots()).isZero();
      } finally {
        engine.stop(Duration.ofSeconds(5));
      }
    }
  }

  /** The first 2-second slot at or after {@code instant}. */
  private static Instant slotAfter(Instant instant) {
    long second = instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0);
    return Instant.ofEpochSecond(second + second % 2);
  }

  private static boolean ended(ScheduleStore store, Instant slot) {
    return store.slot(TRIGGER, slot).map(record -> record.value().state().finished()).orElse(false);
  }
}
