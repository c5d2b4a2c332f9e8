package io.fnjobs.triggers.timer;

import io.fnjobs.common.store.Versioned;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fnjobs.common.event.TimerEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.JobRunnerFn;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.timer.ManualTime.ManualScheduler;
import io.fnjobs.triggers.timer.TimerSource.CatchUp;
import io.fnjobs.triggers.timer.TimerSource.Overlap;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.LoggerFactory;

/**
 * The timer on the real embedded store, with time moved by hand: several engines on one store stand
 * for several trigger-layer instances, and the invoker stands for the function (it records each event
 * and answers as told; the path through Fn is covered end to end in the tests module).
 */
class TimerEngineTest {

  private static final AtomicInteger TRIGGERS = new AtomicInteger();
  private static final FunctionRef FUNCTION =
      new FunctionRef("fnjobs", "app-1", "nightly-cleanup", "fn-1", Duration.ofMinutes(5));
  private static final DeliveryOptions DELIVERY =
      new DeliveryOptions(3, Duration.ofMinutes(1), Duration.ofMinutes(10), 2.0);

  @TempDir static Path data;
  private static StateBucket state;
  private static ScheduleStore store;

  private final List<TimerEvent> invoked = Collections.synchronizedList(new ArrayList<>());
  private String trigger;
  private ManualTime time;

  @BeforeAll
  static void startStore() {
    state = new StateBucket(data);
    store = state.store();
  }

  @AfterAll
  static void stopStore() {
    state.close();
  }

  @BeforeEach
  void freshTrigger() {
    trigger = "timer-" + TRIGGERS.incrementAndGet();
    time = new ManualTime(at("2026-03-14T00:30:00Z"));
  }

  @Test
  void tick_shouldRunEachSlotOnce_atItsTime_withTheSlotAsTimerTick() {
    TimerEngine engine = engine(source("0 0 * * * *"), time.scheduler(), succeeding());
    engine.start();

    time.advanceTo(at("2026-03-14T02:59:59Z"));
    assertThat(slotsInvoked()).containsExactly("2026-03-14T01:00:00Z", "2026-03-14T02:00:00Z");
    time.advanceTo(at("2026-03-14T03:30:00Z"));

    assertThat(invoked).extracting(TimerEvent::timer).containsExactly(
        new TimerTick("2026-03-14T01:00:00Z", false, false), new TimerTick("2026-03-14T02:00:00Z", false, false),
        new TimerTick("2026-03-14T03:00:00Z", false, false));
    assertThat(invoked.get(0).idempotencyKey()).isEqualTo("timer:" + trigger + "@2026-03-14T01:00:00Z");
    assertThat(invoked.get(0).eventId()).isEqualTo(trigger + "@2026-03-14T01:00:00Z");
    SlotRecord third = store.slot(trigger, at("2026-03-14T03:00:00Z")).orElseThrow().value();
    assertThat(third.state()).isEqualTo(SlotRecord.State.succeeded);
    assertThat(third.attempts()).isEqualTo(1);
    assertThat(third.owner()).isEqualTo(engine.owner());
    ScheduleStatus status = store.status(trigger).orElseThrow();
    assertThat(status.lastSlot()).isEqualTo("2026-03-14T03:00:00Z");
    assertThat(status.lastOutcome()).isEqualTo("succeeded");
    assertThat(status.nextSlot()).isEqualTo("2026-03-14T04:00:00Z");
    assertThat(store.lease(trigger).orElseThrow().value().releasedAt()).isNotNull();
  }

  @Test
  void tick_shouldEndTheSlotsRunOnce_whenTheFunctionAnswersThatItSkipped() {
    TimerEngine engine = engine(source("0 0 * * * *"), time.scheduler(), recording(event -> Outcome.skipped));
    engine.start();

    time.advanceTo(at("2026-03-14T01:30:00Z"));

    assertThat(slotsInvoked()).containsExactly("2026-03-14T01:00:00Z");
    SlotRecord slot = store.slot(trigger, at("2026-03-14T01:00:00Z")).orElseThrow().value();
    assertThat(slot.state()).isEqualTo(SlotRecord.State.succeeded);
    assertThat(slot.attempts()).isEqualTo(1);
  }

  @Test
  void tick_shouldRunEachSlotExactlyOnce_whenThreeInstancesShareTheStore() {
    TimerSource everyTenSeconds = source("*/10 * * * * *");
    List<TimerEngine> instances = List.of(
        engine(everyTenSeconds, time.scheduler(), succeeding()),
        engine(everyTenSeconds, time.scheduler(), succeeding()),
        engine(everyTenSeconds, time.scheduler(), succeeding()));
    instances.forEach(TimerEngine::start);

    time.advanceTo(at("2026-03-14T00:35:00Z"));

    List<String> expected = new ArrayList<>();
    for (Instant slot = at("2026-03-14T00:30:10Z"); !slot.isAfter(at("2026-03-14T00:35:00Z")); slot = slot.plusSeconds(10)) {
      expected.add(slot.toString());
    }
    assertThat(slotsInvoked()).containsExactlyElementsOf(expected);
    assertThat(expected).allSatisfy(slot ->
        assertThat(store.slot(trigger, Instant.parse(slot)).orElseThrow().value().state()).isEqualTo(SlotRecord.State.succeeded));
    assertThat(store.status(trigger).orElseThrow().skippedSlots()).isZero();
  }

  @ParameterizedTest
  @EnumSource(CatchUp.class)
  void start_shouldCatchUpPerPolicy_whenNoInstanceRanForHours(CatchUp catchUp) {
    TimerSource hourly = source("0 0 * * * *", ZoneOffset.UTC, catchUp, Duration.ofHours(24), Overlap.skip, Duration.ZERO);

    restartAfterDowntime(hourly);

    assertThat(store.slot(trigger, at("2026-03-14T02:00:00Z")).map(record -> record.value().state()))
        .contains(catchUp == CatchUp.all ? SlotRecord.State.succeeded : SlotRecord.State.skipped);
    switch (catchUp) {
      case skip -> assertThat(invoked).isEmpty();
      case once -> assertThat(invoked).extracting(TimerEvent::timer)
          .containsExactly(new TimerTick("2026-03-14T05:00:00Z", true, false));
      case all -> assertThat(invoked).extracting(TimerEvent::timer).containsExactly(
          new TimerTick("2026-03-14T02:00:00Z", true, false), new TimerTick("2026-03-14T03:00:00Z", true, false),
          new TimerTick("2026-03-14T04:00:00Z", true, false), new TimerTick("2026-03-14T05:00:00Z", true, false));
    }
    ScheduleStatus status = store.status(trigger).orElseThrow();
    assertThat(status.decidedThrough()).isEqualTo("2026-03-14T05:00:00Z");
    assertThat(status.skippedSlots()).isEqualTo(catchUp == CatchUp.skip ? 4 : catchUp == CatchUp.once ? 3 : 0);
    time.advanceTo(at("2026-03-14T06:00:00Z"));
    assertThat(invoked).last().extracting(TimerEvent::timer)
        .isEqualTo(new TimerTick("2026-03-14T06:00:00Z", false, false));
  }

  @Test
  void start_shouldCatchUpOnlyWithinMaxCatchUpAge_whenCatchUpIsAll() {
    TimerSource hourly = source("0 0 * * * *", ZoneOffset.UTC, CatchUp.all, Duration.ofHours(2), Overlap.skip, Duration.ZERO);

    restartAfterDowntime(hourly);

    assertThat(slotsInvoked()).containsExactly("2026-03-14T04:00:00Z", "2026-03-14T05:00:00Z");
  }

  @Test
  void tick_shouldSkipTheSlotsThatComeDuringARun_acrossInstances_whenOverlapIsSkip() {
    TimerSource minutely = source("0 * * * * *", ZoneOffset.UTC, CatchUp.once, Duration.ofHours(1), Overlap.skip, Duration.ZERO);
    engine(minutely, time.scheduler(), slowOnce(Duration.ofSeconds(150))).start();
    engine(minutely, time.scheduler(), slowOnce(Duration.ofSeconds(150))).start();

    time.advanceTo(at("2026-03-14T00:35:30Z"));

    // 00:31 ran until 00:33:30; 00:32 and 00:33 came meanwhile, to this instance or the other one
    assertThat(slotsInvoked()).containsExactly(
        "2026-03-14T00:31:00Z", "2026-03-14T00:34:00Z", "2026-03-14T00:35:00Z");
    ScheduleStatus status = store.status(trigger).orElseThrow();
    assertThat(status.skippedSlots()).isEqualTo(2);
    assertThat(status.lastSkipReason()).contains("overlap: skip");
    SlotRecord skipped = store.slot(trigger, at("2026-03-14T00:32:00Z")).orElseThrow().value();
    assertThat(skipped.state()).isEqualTo(SlotRecord.State.skipped);
    assertThat(skipped.detail())
        .isEqualTo("came before the previous run ended at 2026-03-14T00:33:30Z (overlap: skip)");
  }

  @Test
  void tick_shouldRunTheSlotThatWaited_lateAndOnce_acrossInstances_whenOverlapIsWait() {
    TimerSource minutely = source("0 * * * * *", ZoneOffset.UTC, CatchUp.once, Duration.ofHours(1), Overlap.wait, Duration.ZERO);
    engine(minutely, time.scheduler(), slowOnce(Duration.ofSeconds(150))).start();
    engine(minutely, time.scheduler(), slowOnce(Duration.ofSeconds(150))).start();

    time.advanceTo(at("2026-03-14T00:35:30Z"));

    assertThat(invoked).extracting(TimerEvent::timer).containsExactly(
        new TimerTick("2026-03-14T00:31:00Z", false, false),
        new TimerTick("2026-03-14T00:33:00Z", true, false),
        new TimerTick("2026-03-14T00:34:00Z", false, false),
        new TimerTick("2026-03-14T00:35:00Z", false, false));
    assertThat(store.status(trigger).orElseThrow().lastSkippedSlot()).isEqualTo("2026-03-14T00:32:00Z");
  }

  @Test
  void tick_shouldWaitForTheRunThatTookTheLeaseJustBeforeThisOne_andSkipTheSlotOnlyIfItCameBeforeThatRunEnded() {
    Instant other = at("2026-03-14T00:59:00Z");
    // another instance takes the lease, for a run on demand, between this one's plan and its own write of it
    ScheduleStore racing = new DelegatingStore(store) {
      private boolean raced;

      @Override
      public LeaseTaking takeLease(TimerLease wanted, Optional<Versioned<TimerLease>> known, Instant now) {
        if (!raced && wanted.slot().equals("2026-03-14T01:00:00Z")) {
          raced = true;
          Versioned<TimerLease> current = store.lease(trigger).orElse(null);
          store.writeLease(TimerLease.take(trigger, "other", other, time.now(), time.now().plus(Duration.ofMinutes(5))),
              current == null ? null : current.etag());
        }
        return super.takeLease(wanted, known, now);
      }
    };
    TimerEngine engine = new TimerEngine(definition(source("0 0 * * * *")), FUNCTION, racing, succeeding(),
        time.scheduler(), RandomGenerator.getDefault(), "mine");
    engine.start();

    time.advanceTo(at("2026-03-14T01:00:20Z"));
    assertThat(invoked).isEmpty();
    assertThat(engine.lastError()).isEmpty();
    assertThat(store.status(trigger).map(ScheduleStatus::skippedSlots).orElse(0L)).as("nothing decided while it runs")
        .isZero();
    otherRunEnds(other, at("2026-03-14T01:00:30Z"));
    time.advanceTo(at("2026-03-14T01:00:40Z"));

    assertThat(invoked).isEmpty();
    ScheduleStatus status = store.status(trigger).orElseThrow();
    assertThat(status.lastSkippedSlot()).isEqualTo("2026-03-14T01:00:00Z");
    assertThat(status.lastSkipReason())
        .isEqualTo("came before the previous run ended at 2026-03-14T01:00:30Z (overlap: skip)");
  }

  @Test
  void tick_shouldRunTheSlot_whenTheRunBeforeItEndedInTime_butGaveItsLeaseBackAfterIt() {
    // instance A's store answers each request in 200 ms: its run of 00:59 ends at 00:59:59.9, its lease is
    // given back at 01:00:00.7; instance B, started meanwhile, wakes at 01:00 and finds the lease still held
    ScheduleStore slow = storeTaking(Duration.ofMillis(200));
    TimerSource minutely = source("0 * * * * *");
    ManualScheduler second = time.scheduler();
    TimerEngine b = engine(minutely, second, succeeding());
    TimerEngine a = new TimerEngine(definition(minutely), FUNCTION, slow, recording(event -> {
      if (event.timer().slot().equals("2026-03-14T00:59:00Z")) {
        runUntil(at("2026-03-14T00:59:30Z"));
        b.start();
        runUntil(at("2026-03-14T00:59:59.900Z"));
      }
      return Outcome.succeeded;
    }), time.scheduler(), RandomGenerator.getDefault(), "instance-a");
    time.advanceTo(at("2026-03-14T00:58:30Z"));
    a.start();

    time.advanceTo(at("2026-03-14T01:01:30Z"));

    assertThat(slotsInvoked()).containsExactly(
        "2026-03-14T00:59:00Z", "2026-03-14T01:00:00Z", "2026-03-14T01:01:00Z");
    assertThat(store.status(trigger).orElseThrow().skippedSlots()).isZero();
    assertThat(second.hasTasks()).as("instance B still keeps the schedule").isTrue();
  }

  @Test
  void tick_shouldStartEverySlotWithinAFewStoreRequestsOfItsTime_whenRunsEndJustBeforeTheNextSlot() {
    // every request to the store takes 30 ms, and each run lasts 10 ms longer than the one before, from
    // 1.5 s to 1.69 s of a 2-second schedule: some tick after a run begins before a slot and reads past it
    ScheduleStore slow = storeTaking(Duration.ofMillis(30));
    List<Duration> lateness = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger runs = new AtomicInteger();
    new TimerEngine(definition(source("*/2 * * * * *")), FUNCTION, slow, recording(event -> {
      lateness.add(Duration.between(Instant.parse(event.timer().slot()), time.now()));
      runUntil(time.now().plusMillis(1500 + 10L * runs.getAndIncrement()));
      return Outcome.succeeded;
    }), time.scheduler(), RandomGenerator.getDefault(), "owner-" + TRIGGERS.incrementAndGet()).start();

    time.advanceTo(at("2026-03-14T00:30:41Z"));

    assertThat(slotsInvoked()).hasSize(20).doesNotHaveDuplicates()
        .allMatch(slot -> Instant.parse(slot).getEpochSecond() % 2 == 0);
    assertThat(lateness).as("from slot to invoke: the lease and status read, the lease and slot written")
        .allMatch(late -> late.compareTo(Duration.ofMillis(120)) <= 0);
    assertThat(invoked).extracting(event -> event.timer().pastDue()).containsOnly(false);
    assertThat(store.status(trigger).orElseThrow().skippedSlots()).isZero();
  }

  @Test
  void tick_shouldWarnWithTheStoresShare_whenASlotOnTimeWhenPlannedStartsPastItsOnTimeLimit() {
    // every request takes 400 ms: planned at the slot, the run starts after the lease and status reads and
    // the lease and slot writes, 1.6 s after a slot of a 2-second schedule (on time within 1 s)
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger engineLog = (Logger) LoggerFactory.getLogger(TimerEngine.class);
    logs.start();
    engineLog.addAppender(logs);
    try {
      new TimerEngine(definition(source("*/2 * * * * *")), FUNCTION, storeTaking(Duration.ofMillis(400)), succeeding(),
          time.scheduler(), RandomGenerator.getDefault(), "slow-store").start();

      time.advanceTo(at("2026-03-14T00:30:03Z"));
    } finally {
      engineLog.detachAppender(logs);
    }

    assertThat(slotsInvoked()).first().isEqualTo("2026-03-14T00:30:02Z");
    assertThat(logs.list).filteredOn(event -> event.getLevel() == Level.WARN).first()
        .extracting(ILoggingEvent::getFormattedMessage).asString()
        .endsWith("event=" + trigger + "@2026-03-14T00:30:02Z running, starting 1600 ms after its slot, past its"
            + " on-time limit of PT1S: the state bucket took 1600 ms to answer the requests since the timer woke");
  }

  @Test
  void execute_shouldRetryWithBackoffUnderTheSameKey_untilTheFunctionSucceeds() {
    AtomicInteger calls = new AtomicInteger();
    List<Instant> attemptTimes = Collections.synchronizedList(new ArrayList<>());
    engine(source("0 0 * * * *"), time.scheduler(), recording(event -> {
      attemptTimes.add(time.now());
      return calls.incrementAndGet() < 3 ? Outcome.failed : Outcome.succeeded;
    })).start();

    time.advanceTo(at("2026-03-14T01:30:00Z"));

    assertThat(invoked).extracting(TriggerEvent::attempt).containsExactly(1, 2, 3);
    assertThat(invoked).extracting(TriggerEvent::idempotencyKey).containsOnly("timer:" + trigger + "@2026-03-14T01:00:00Z");
    assertThat(attemptTimes).containsExactly(
        at("2026-03-14T01:00:00Z"), at("2026-03-14T01:01:00Z"), at("2026-03-14T01:03:00Z"));
    SlotRecord record = store.slot(trigger, at("2026-03-14T01:00:00Z")).orElseThrow().value();
    assertThat(record.state()).isEqualTo(SlotRecord.State.succeeded);
    assertThat(record.attempts()).isEqualTo(3);
  }

  @Test
  void execute_shouldRecordTheSlotFailed_whenEveryAttemptFails() {
    engine(source("0 0 * * * *"), time.scheduler(), recording(event -> Outcome.failed)).start();

    time.advanceTo(at("2026-03-14T01:30:00Z"));

    assertThat(invoked).hasSize(3);
    SlotRecord record = store.slot(trigger, at("2026-03-14T01:00:00Z")).orElseThrow().value();
    assertThat(record.state()).isEqualTo(SlotRecord.State.failed);
    assertThat(record.detail()).startsWith("failed 3 attempts");
    assertThat(store.status(trigger).orElseThrow().lastOutcome()).isEqualTo("failed");
  }

  @Test
  void tick_shouldContinueALeftRunWithTheNextAttempt_onceItsLeaseExpires() {
    Instant slot = at("2026-03-14T00:20:00Z");
    Instant leaseExpiry = at("2026-03-14T00:31:00Z");
    // what a trigger layer killed during attempt 1 leaves behind
    Versioned<SlotRecord> claimed = store.claim(
        SlotRecord.claimed(trigger, slot, true, false, "crashed", "timer:" + trigger + "@" + slot, slot)).orElseThrow();
    store.updateSlot(claimed.value().attempt(1, "crashed", slot, leaseExpiry.minus(TimerEngine.LEASE_MARGIN)), claimed.etag());
    store.writeLease(TimerLease.take(trigger, "crashed", slot, slot, slot).renewed(1, leaseExpiry), null);
    List<Instant> invokedAt = Collections.synchronizedList(new ArrayList<>());
    TimerSource hourly = source("0 0 * * * *");
    engine(hourly, time.scheduler(), recording(event -> {
      invokedAt.add(time.now());
      return Outcome.succeeded;
    })).start();

    time.advanceTo(at("2026-03-14T00:30:59Z"));
    assertThat(invoked).isEmpty();
    time.advanceTo(at("2026-03-14T00:32:00Z"));

    assertThat(invoked).singleElement().satisfies(event -> {
      assertThat(event.attempt()).isEqualTo(2);
      assertThat(event.idempotencyKey()).isEqualTo("timer:" + trigger + "@" + slot);
      assertThat(event.timer()).isEqualTo(new TimerTick(slot.toString(), false, true));
    });
    assertThat(invokedAt).containsExactly(leaseExpiry);
    assertThat(store.slot(trigger, slot).orElseThrow().value().state()).isEqualTo(SlotRecord.State.succeeded);
  }

  @Test
  void execute_shouldLeaveTheRunToAnotherInstance_whenStoppedBetweenAttempts() {
    TimerSource hourly = source("0 0 * * * *");
    ManualScheduler stopping = time.scheduler();
    engine(hourly, stopping, recording(event -> {
      stopping.close(Duration.ZERO);
      return Outcome.failed;
    })).start();
    time.advanceTo(at("2026-03-14T01:00:00Z"));
    assertThat(invoked).hasSize(1);
    TimerLease left = store.lease(trigger).orElseThrow().value();
    assertThat(left.releasedAt()).isNull();
    assertThat(left.expiresAt()).isEqualTo("2026-03-14T01:01:10Z");

    engine(hourly, time.scheduler(), succeeding()).start();
    time.advanceTo(at("2026-03-14T01:05:00Z"));

    assertThat(invoked).extracting(TriggerEvent::attempt).containsExactly(1, 2);
    assertThat(invoked.get(1).deadline()).isEqualTo("2026-03-14T01:06:10Z");
    assertThat(store.slot(trigger, at("2026-03-14T01:00:00Z")).orElseThrow().value().state())
        .isEqualTo(SlotRecord.State.succeeded);
  }

  @Test
  void execute_shouldMakeTheSameAttemptAgain_afterEachDeferral_withoutCountingIt_untilTheRunElsewhereHasEnded() {
    AtomicInteger calls = new AtomicInteger();
    List<Instant> attemptTimes = Collections.synchronizedList(new ArrayList<>());
    engine(source("0 0 * * * *"), time.scheduler(), recording(event -> {
      attemptTimes.add(time.now());
      return calls.incrementAndGet() <= 4 ? Outcome.deferred : Outcome.succeeded;
    })).start();

    time.advanceTo(at("2026-03-14T01:30:00Z"));

    assertThat(invoked).extracting(TriggerEvent::attempt).containsExactly(1, 1, 1, 1, 1);
    assertThat(attemptTimes).as("after waits of 1, 2, 4 and 8 seconds").containsExactly(at("2026-03-14T01:00:00Z"),
        at("2026-03-14T01:00:01Z"), at("2026-03-14T01:00:03Z"), at("2026-03-14T01:00:07Z"), at("2026-03-14T01:00:15Z"));
    SlotRecord record = store.slot(trigger, at("2026-03-14T01:00:00Z")).orElseThrow().value();
    assertThat(record).extracting(SlotRecord::state, SlotRecord::attempts, SlotRecord::deferrals)
        .containsExactly(SlotRecord.State.succeeded, 1, 4);
    assertThat(store.status(trigger).orElseThrow().lastOutcome()).isEqualTo("succeeded");
  }

  @Test
  void execute_shouldCountADeferralAsAFailedAttempt_pastMaxDeferrals() {
    List<Instant> attemptTimes = Collections.synchronizedList(new ArrayList<>());
    TimerEngine engine = new TimerEngine(definition(source("0 0 * * * *"),
        new DeliveryOptions(3, Duration.ofMinutes(1), Duration.ofMinutes(10), 2.0, 2)), FUNCTION, store,
        recording(event -> {
          attemptTimes.add(time.now());
          return Outcome.deferred;
        }), time.scheduler(), RandomGenerator.getDefault(), "bounded");
    engine.start();

    time.advanceTo(at("2026-03-14T01:30:00Z"));

    assertThat(invoked).extracting(TriggerEvent::attempt).containsExactly(1, 1, 1, 2, 3);
    assertThat(attemptTimes).as("two deferrals (1 and 2 s), then failed attempts with a backoff of 1 and 2 minutes")
        .containsExactly(at("2026-03-14T01:00:00Z"), at("2026-03-14T01:00:01Z"), at("2026-03-14T01:00:03Z"),
            at("2026-03-14T01:01:03Z"), at("2026-03-14T01:03:03Z"));
    SlotRecord record = store.slot(trigger, at("2026-03-14T01:00:00Z")).orElseThrow().value();
    assertThat(record).extracting(SlotRecord::state, SlotRecord::attempts, SlotRecord::deferrals)
        .containsExactly(SlotRecord.State.failed, 3, 2);
  }

  @Test
  void tick_shouldDeferTheContinuedRun_untilTheLeftAttemptsHoldOnTheKeyEnds_thenRunItOnce() {
    Instant slot = at("2026-03-14T00:20:00Z");
    time = new ManualTime(slot);
    JobRunnerFn fn = new JobRunnerFn(state.s3(), "state", time.clock(), Duration.ofMinutes(5));
    FunctionRef function = fn.resolve("fnjobs", "nightly-cleanup");
    RunLog runs = new ObjectStoreRunLog(state.s3(), "state", time.clock());
    Invoker invoker = new Invoker(fn, runs, fn.flags(), time.clock());
    // a trigger layer killed during attempt 1, begun at the slot: its lease expires at the attempt's deadline
    // plus the lease margin, its invocation holds the key until the deadline the invoker sent it (35 s after)
    String key = "timer:" + trigger + "@" + slot;
    Versioned<SlotRecord> claimed = store.claim(SlotRecord.claimed(trigger, slot, false, false, "crashed", key, slot))
        .orElseThrow();
    store.updateSlot(claimed.value().attempt(1, "crashed", slot, slot.plus(function.timeout())), claimed.etag());
    store.writeLease(TimerLease.take(trigger, "crashed", slot, slot, slot)
        .renewed(1, slot.plus(function.timeout()).plus(TimerEngine.LEASE_MARGIN)), null);
    fn.holdElsewhere(function,
        TriggerEvent.ofTimer(trigger, trigger + "@" + slot, key, new TimerTick(slot.toString(), false, false)),
        slot.plus(Invoker.hold(function)));
    TimerEngine engine = new TimerEngine(definition(source("0 0 * * * *")), function, store,
        (event, attempt, deferrable) -> invoker.invoke(definition(source("0 0 * * * *")), function, event, attempt,
            deferrable), time.scheduler(), RandomGenerator.getDefault(), "recovering");
    engine.start();

    time.advanceTo(at("2026-03-14T00:30:00Z"));

    assertThat(fn.calls()).extracting(TriggerEvent::attempt).containsExactly(2, 2, 2, 2, 2, 2);
    // waits of 1, 2, 4 and 8 s, then the last 10 s of the hold
    assertThat(runs.recent(trigger, 10)).extracting(RunRecord::attempt, RunRecord::outcome, RunRecord::retryAfter,
        RunRecord::startedAt).containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, Outcome.succeeded, null, "2026-03-14T00:25:35Z"),
            org.assertj.core.groups.Tuple.tuple(2, Outcome.deferred, "PT10S", "2026-03-14T00:25:25Z"),
            org.assertj.core.groups.Tuple.tuple(2, Outcome.deferred, "PT18S", "2026-03-14T00:25:17Z"),
            org.assertj.core.groups.Tuple.tuple(2, Outcome.deferred, "PT22S", "2026-03-14T00:25:13Z"),
            org.assertj.core.groups.Tuple.tuple(2, Outcome.deferred, "PT24S", "2026-03-14T00:25:11Z"),
            org.assertj.core.groups.Tuple.tuple(2, Outcome.deferred, "PT25S", "2026-03-14T00:25:10Z"));
    assertThat(fn.works()).isEqualTo(1);
    assertThat(store.slot(trigger, slot).orElseThrow().value())
        .extracting(SlotRecord::state, SlotRecord::attempts, SlotRecord::deferrals)
        .containsExactly(SlotRecord.State.succeeded, 2, 5);
  }

  @Test
  void runNow_shouldRefuseASecondRun_whileTheFirstHoldsTheLease() {
    ManualScheduler scheduler = time.scheduler();
    TimerEngine engine = engine(source("0 0 2 * * *"), scheduler, succeeding());
    engine.start();
    time.runDue();

    OnDemand first = engine.runNow();
    OnDemand second = engine.runNow();

    assertThat(first).isInstanceOf(OnDemand.Started.class);
    SlotRecord started = ((OnDemand.Started) first).record();
    assertThat(started.onDemand()).isTrue();
    assertThat(second).isInstanceOfSatisfying(OnDemand.Busy.class,
        busy -> assertThat(busy.holder().slot()).isEqualTo(started.slot()));
    time.runDue();
    assertThat(((OnDemand.Started) first).done()).isCompletedWithValueMatching(
        done -> done.state() == SlotRecord.State.succeeded);
    assertThat(invoked).extracting(TimerEvent::timer).containsExactly(new TimerTick(started.slot(), false, true));
    time.advance(Duration.ofSeconds(1));
    assertThat(engine.runNow()).isInstanceOf(OnDemand.Started.class);
    ScheduleStatus status = store.status(trigger).orElseThrow();
    assertThat(status.lastSlot()).isEqualTo(started.slot());
    assertThat(status.decidedThrough()).isNull();
  }

  @Test
  void runNow_shouldStartExactlyOneRun_whenEightInstancesAskForTheSameMomentAtOnce() throws Exception {
    TimerSource daily = source("0 0 2 * * *");
    List<TimerEngine> instances = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      instances.add(engine(daily, time.scheduler(), succeeding()));
    }
    instances.forEach(TimerEngine::start);
    time.runDue();
    CyclicBarrier together = new CyclicBarrier(instances.size());
    ExecutorService callers = Executors.newFixedThreadPool(instances.size());
    List<OnDemand> answers = new ArrayList<>();
    try {
      List<Future<OnDemand>> asked = new ArrayList<>();
      for (TimerEngine instance : instances) {
        asked.add(callers.submit(() -> {
          together.await();
          return instance.runNow();
        }));
      }
      for (Future<OnDemand> answer : asked) {
        answers.add(answer.get(30, TimeUnit.SECONDS));
      }
    } finally {
      callers.shutdownNow();
    }

    assertThat(answers).filteredOn(OnDemand.Started.class::isInstance).hasSize(1);
    SlotRecord started = answers.stream().filter(OnDemand.Started.class::isInstance).map(OnDemand.Started.class::cast)
        .findFirst().orElseThrow().record();
    assertThat(answers).filteredOn(answer -> !(answer instanceof OnDemand.Started)).hasSize(7)
        .allSatisfy(answer -> assertThat(answer).isInstanceOfSatisfying(OnDemand.Busy.class,
            busy -> assertThat(busy.holder().owner()).isEqualTo(started.owner())));
    time.runDue();
    assertThat(invoked).extracting(event -> ((TimerEvent) event).timer()).containsExactly(new TimerTick(started.slot(), false, true));
  }

  @Test
  void runNow_shouldBeRefused_whileAnotherInstanceRunsASlot() {
    TimerSource hourly = source("0 0 * * * *");
    TimerEngine other = engine(hourly, time.scheduler(), slowOnce(Duration.ofMinutes(2)));
    TimerEngine mine = engine(hourly, time.scheduler(), succeeding());
    other.start();
    mine.start();
    List<OnDemand> during = new ArrayList<>();
    beforeEachRun = () -> during.add(mine.runNow());

    time.advanceTo(at("2026-03-14T01:10:00Z"));

    assertThat(during).first().isInstanceOfSatisfying(OnDemand.Busy.class,
        busy -> assertThat(busy.holder().slot()).isEqualTo("2026-03-14T01:00:00Z"));
  }

  @Test
  void tick_shouldRunTheSpringForwardSlotAtTheEndOfTheGap_inBerlin() {
    List<String> slots = runBetween("0 30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00Z", "2026-03-31T00:00:00Z");

    assertThat(slots).containsExactly("2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z");
  }

  @Test
  void tick_shouldRunTheFallBackSlotOnce_atItsFirstPass_inBerlin() {
    List<String> slots = runBetween("0 30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", "2026-10-27T00:00:00Z");

    assertThat(slots).containsExactly("2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z");
  }

  @Test
  void tick_shouldRunTheRepeatedHourTwice_forAnEveryThirtyMinutesScheduleInNewYork() {
    List<String> slots = runBetween("0 */30 * * * *", "America/New_York", "2026-11-01T04:50:00Z", "2026-11-01T07:00:00Z");

    // 01:00 and 01:30 local, each twice: once in daylight time, once in standard time
    assertThat(slots).containsExactly("2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z",
        "2026-11-01T06:00:00Z", "2026-11-01T06:30:00Z", "2026-11-01T07:00:00Z");
  }

  /** The slots one instance runs from {@code start} to {@code end} on the schedule in the zone. */
  private List<String> runBetween(String cron, String zone, String start, String end) {
    time = new ManualTime(at(start));
    engine(source(cron, ZoneId.of(zone), CatchUp.once, Duration.ofHours(24), Overlap.skip, Duration.ZERO),
        time.scheduler(), succeeding()).start();
    time.advanceTo(at(end));
    return slotsInvoked();
  }

  @Test
  void tick_shouldWaitForTheJitter_butNameTheNominalSlot() {
    TimerSource jittered = source("0 0 * * * *", ZoneOffset.UTC, CatchUp.once, Duration.ofHours(24), Overlap.skip,
        Duration.ofMinutes(10));
    List<Instant> invokedAt = Collections.synchronizedList(new ArrayList<>());
    RandomGenerator fixed = new RandomGenerator() {
      @Override
      public long nextLong() {
        return 0;
      }

      @Override
      public long nextLong(long bound) {
        return bound * 3 / 10;
      }
    };
    TimerEngine engine = new TimerEngine(definition(jittered), FUNCTION, store, recording(event -> {
      invokedAt.add(time.now());
      return Outcome.succeeded;
    }), time.scheduler(), fixed, "jittered");
    engine.start();

    time.advanceTo(at("2026-03-14T01:30:00Z"));

    assertThat(invokedAt).containsExactly(at("2026-03-14T01:03:00Z"));
    assertThat(invoked).extracting(TimerEvent::timer).containsExactly(new TimerTick("2026-03-14T01:00:00Z", false, false));
  }

  @Test
  void describe_shouldShowTheScheduleTheLastRunAndTheNextSlot() {
    TimerEngine engine = engine(source("0 0 2 * * *"), time.scheduler(), succeeding());
    engine.start();
    time.advanceTo(at("2026-03-14T02:00:30Z"));

    Map<String, Object> details = engine.describe();

    assertThat(details).containsEntry("schedule", "0 0 2 * * *").containsEntry("timeZone", "Z")
        .containsEntry("nextFireTime", "2026-03-15T02:00:00Z").containsEntry("skippedSlots", 0L)
        .containsEntry("decidedThrough", "2026-03-14T02:00:00Z").doesNotContainKey("running");
    assertThat(details.get("lastRun")).isEqualTo(Map.of("slot", "2026-03-14T02:00:00Z", "outcome", "succeeded",
        "startedAt", "2026-03-14T02:00:00Z", "endedAt", "2026-03-14T02:00:00Z", "detail", "done"));
  }

  /**
   * One instance runs the 01:00 slot and stops at 01:30; none runs until 05:30, when another starts and
   * catches up. Returns with the invocations of the restart only.
   */
  private void restartAfterDowntime(TimerSource source) {
    ManualScheduler first = time.scheduler();
    engine(source, first, succeeding()).start();
    time.advanceTo(at("2026-03-14T01:30:00Z"));
    first.close(Duration.ZERO);
    time.advanceTo(at("2026-03-14T05:30:00Z"));
    invoked.clear();
    engine(source, time.scheduler(), succeeding()).start();
    time.runDue();
  }

  /** Another instance's run of {@code slot}, on demand, ends at {@code end}: recorded, and its lease given back. */
  private void otherRunEnds(Instant slot, Instant end) {
    time.advanceTo(end);
    SlotRecord ended = SlotRecord.claimed(trigger, slot, true, false, "other", "timer:" + trigger + "@" + slot, slot)
        .finished(SlotRecord.State.succeeded, end, "done");
    store.updateStatus(trigger, status -> status.ran(ended));
    Versioned<TimerLease> lease = store.lease(trigger).orElseThrow();
    store.writeLease(lease.value().released(end), lease.etag());
  }

  /** The store, each request of which takes {@code latency} of the test's time. */
  private ScheduleStore storeTaking(Duration latency) {
    return new DelegatingStore(store) {
      @Override
      public Optional<Versioned<TimerLease>> lease(String trigger) {
        time.advance(latency);
        return super.lease(trigger);
      }

      @Override
      public Versioned<TimerLease> writeLease(TimerLease lease, String etag) {
        time.advance(latency);
        return super.writeLease(lease, etag);
      }

      @Override
      public LeaseTaking takeLease(TimerLease wanted, Optional<Versioned<TimerLease>> known, Instant now) {
        // one write where the lease read moments ago is still as read
        time.advance(latency);
        return super.takeLease(wanted, known, now);
      }

      @Override
      public Optional<Versioned<SlotRecord>> slot(String trigger, Instant slot) {
        time.advance(latency);
        return super.slot(trigger, slot);
      }

      @Override
      public Optional<Versioned<SlotRecord>> claim(SlotRecord record) {
        time.advance(latency);
        return super.claim(record);
      }

      @Override
      public Versioned<SlotRecord> updateSlot(SlotRecord record, String etag) {
        time.advance(latency);
        return super.updateSlot(record, etag);
      }

      @Override
      public Optional<ScheduleStatus> status(String trigger) {
        time.advance(latency);
        return super.status(trigger);
      }

      @Override
      public ScheduleStatus updateStatus(String trigger, UnaryOperator<ScheduleStatus> change) {
        // a read and a write
        time.advance(latency.multipliedBy(2));
        return super.updateStatus(trigger, change);
      }
    };
  }

  /** A run that lasts until {@code end}, while other instances go on (their tasks run as time passes). */
  private void runUntil(Instant end) {
    while (time.now().isBefore(end)) {
      time.advanceTo(earliest(end, time.now().plusSeconds(1)));
    }
  }

  private Runnable beforeEachRun = () -> {};

  private TimerEngine engine(TimerSource source, ManualScheduler scheduler, SlotInvoker invoker) {
    return new TimerEngine(definition(source), FUNCTION, store, invoker, scheduler, RandomGenerator.getDefault(),
        "owner-" + TRIGGERS.incrementAndGet());
  }

  private TriggerDefinition definition(TimerSource source) {
    return definition(source, DELIVERY);
  }

  private TriggerDefinition definition(TimerSource source, DeliveryOptions delivery) {
    return new TriggerDefinition(Path.of(trigger + ".yaml"), trigger, "", "fnjobs", "nightly-cleanup", source, List.of(),
        delivery);
  }

  private SlotInvoker succeeding() {
    return recording(event -> Outcome.succeeded);
  }

  /** The first run takes {@code duration} (while other instances go on), later ones take no time. */
  private SlotInvoker slowOnce(Duration duration) {
    AtomicInteger runs = new AtomicInteger();
    return recording(event -> {
      if (runs.getAndIncrement() == 0 && invoked.size() == 1) {
        runUntil(time.now().plus(duration));
      }
      return Outcome.succeeded;
    });
  }

  /** Answers as told; a deferral, with a retry-after of 2 minutes, when the engine may defer, else a failure. */
  private SlotInvoker recording(Function<TimerEvent, Outcome> answer) {
    return (event, attempt, deferrable) -> {
      beforeEachRun.run();
      // the engine sends timer events only
      TimerEvent sent = (TimerEvent) event.forAttempt(attempt, time.now().plus(FUNCTION.timeout()));
      invoked.add(sent);
      Outcome outcome = answer.apply(sent);
      if (outcome == Outcome.deferred && !deferrable) {
        outcome = Outcome.failed;
      }
      return RunRecord.builder().trigger(trigger).function("nightly-cleanup")
          .event(sent.eventId(), sent.idempotencyKey()).attempt(attempt)
          .between(time.now().toString(), time.now().toString()).outcome(outcome)
          .fnCall(outcome == Outcome.failed ? 502 : 200, "call").detail(outcome == Outcome.failed ? "function error" : "done")
          .retryAfter(outcome == Outcome.deferred ? "PT2M" : null).build();
    };
  }

  private List<String> slotsInvoked() {
    return invoked.stream().map(event -> event.timer().slot()).toList();
  }

  private static TimerSource source(String cron) {
    return source(cron, ZoneOffset.UTC, CatchUp.once, Duration.ofHours(24), Overlap.skip, Duration.ZERO);
  }

  private static TimerSource source(String cron, ZoneId zone, CatchUp catchUp, Duration maxAge, Overlap overlap,
      Duration jitter) {
    return new TimerSource(CronSchedule.parse(cron, zone), catchUp, maxAge, overlap, jitter);
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }
}
