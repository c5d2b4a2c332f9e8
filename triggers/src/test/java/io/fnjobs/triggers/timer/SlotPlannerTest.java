package io.fnjobs.triggers.timer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.triggers.timer.SlotPlanner.Decision;
import io.fnjobs.triggers.timer.SlotPlanner.Plan;
import io.fnjobs.triggers.timer.TimerSource.CatchUp;
import io.fnjobs.triggers.timer.TimerSource.Overlap;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class SlotPlannerTest {

  private static final String HOURLY = "0 0 * * * *";
  private static final String MINUTELY = "0 * * * * *";

  @Test
  void plan_shouldRunTheNewestSlotOnTime_whenWokenAtIt() {
    Plan plan = planner(HOURLY, CatchUp.once, Overlap.skip, Duration.ofHours(24))
        .plan(at("01:00:00"), null, at("00:00:00"), at("02:00:00.300"));

    assertThat(plan.decisions()).containsExactly(Decision.run(at("02:00:00"), false, "on time"));
    assertThat(plan.decidedThrough()).isEqualTo(at("02:00:00"));
  }

  @Test
  void plan_shouldSkipEveryMissedSlot_whenCatchUpIsSkip() {
    Plan plan = planner(HOURLY, CatchUp.skip, Overlap.skip, Duration.ofHours(24))
        .plan(at("00:00:00"), at("00:00:05"), at("04:29:00"), at("04:30:00"));

    assertThat(runs(plan)).isEmpty();
    assertThat(skips(plan)).containsExactly(at("01:00:00"), at("02:00:00"), at("03:00:00"), at("04:00:00"));
    assertThat(plan.decisions().get(0).reason()).contains("catchUp: skip");
  }

  @Test
  void plan_shouldRunOnlyTheNewestMissedSlot_late_whenCatchUpIsOnce() {
    Plan plan = planner(HOURLY, CatchUp.once, Overlap.skip, Duration.ofHours(24))
        .plan(at("00:00:00"), at("00:00:05"), at("04:29:00"), at("04:30:00"));

    assertThat(skips(plan)).containsExactly(at("01:00:00"), at("02:00:00"), at("03:00:00"));
    assertThat(plan.decisions()).last().isEqualTo(
        Decision.run(at("04:00:00"), true, "missed: not started within PT10S of its time (catchUp: once)"));
  }

  @Test
  void plan_shouldRunEveryMissedSlotOldestFirst_late_whenCatchUpIsAll() {
    Plan plan = planner(HOURLY, CatchUp.all, Overlap.skip, Duration.ofHours(24))
        .plan(at("00:00:00"), at("00:00:05"), at("04:29:00"), at("04:30:00"));

    assertThat(runs(plan)).containsExactly(at("01:00:00"), at("02:00:00"), at("03:00:00"), at("04:00:00"));
    assertThat(plan.decisions()).allMatch(Decision::pastDue);
  }

  @Test
  void plan_shouldDropSlotsOlderThanMaxCatchUpAge_whenCatchingUp() {
    Plan plan = planner(HOURLY, CatchUp.all, Overlap.skip, Duration.ofHours(2))
        .plan(at("00:00:00"), null, at("04:29:00"), at("04:30:00"));

    assertThat(runs(plan)).containsExactly(at("03:00:00"), at("04:00:00"));
    assertThat(skips(plan)).isEmpty();
  }

  @Test
  void plan_shouldAdvancePastDroppedSlots_whenEveryDueSlotIsTooOld() {
    Plan plan = planner(HOURLY, CatchUp.all, Overlap.skip, Duration.ofMinutes(20))
        .plan(at("00:00:00"), null, at("04:29:00"), at("04:30:00"));

    assertThat(plan.decisions()).isEmpty();
    assertThat(plan.decidedThrough()).isAfter(at("04:00:00"));
  }

  @Test
  void plan_shouldNameTheSameSlots_whenTwoInstancesStartedAtDifferentFractionsOfASecond() {
    // the slot is the run's identity across instances: its record's name and the idempotency key
    SlotPlanner planner = planner("* * * * * *", CatchUp.skip, Overlap.skip, Duration.ofHours(24));

    Plan startedEarly = planner.plan(null, null, at("09:59:59.130"), at("10:00:02.400"));
    Plan startedLate = planner.plan(null, null, at("09:59:59.870"), at("10:00:02.450"));

    assertThat(startedEarly.decisions()).extracting(Decision::slot)
        .containsExactly(at("10:00:00"), at("10:00:01"), at("10:00:02"));
    assertThat(startedLate.decisions()).isEqualTo(startedEarly.decisions());
    assertThat(startedLate.decidedThrough()).isEqualTo(at("10:00:02"));
  }

  @Test
  void plan_shouldRunBoth_whenAMissedSlotAndAnOnTimeSlotAreDue() {
    Plan plan = planner(HOURLY, CatchUp.once, Overlap.skip, Duration.ofHours(24))
        .plan(at("01:00:00"), at("01:00:02"), at("04:00:00"), at("04:00:00.100"));

    assertThat(plan.decisions()).containsExactly(
        Decision.skip(at("02:00:00"), "missed: not started within PT10S of its time; 2026-03-14T03:00:00Z ran for it"
            + " (catchUp: once)"),
        Decision.run(at("03:00:00"), true, "missed: not started within PT10S of its time (catchUp: once)"),
        Decision.run(at("04:00:00"), false, "on time"));
  }

  @Test
  void plan_shouldSkipTheSlotsThatCameDuringARun_whenOverlapIsSkip() {
    Plan plan = planner(MINUTELY, CatchUp.once, Overlap.skip, Duration.ofHours(24))
        .plan(at("10:00:00"), at("10:03:30"), at("09:00:00"), at("10:03:30.100"));

    assertThat(skips(plan)).containsExactly(at("10:01:00"), at("10:02:00"), at("10:03:00"));
    assertThat(runs(plan)).isEmpty();
    assertThat(plan.decisions().get(0).reason())
        .isEqualTo("came before the previous run ended at 2026-03-14T10:03:30Z (overlap: skip)");
  }

  @Test
  void plan_shouldRunTheNewestSlotThatCameDuringARun_late_whenOverlapIsWait() {
    Plan plan = planner(MINUTELY, CatchUp.once, Overlap.wait, Duration.ofHours(24))
        .plan(at("10:00:00"), at("10:03:30"), at("09:00:00"), at("10:03:30.100"));

    assertThat(skips(plan)).containsExactly(at("10:01:00"), at("10:02:00"));
    assertThat(plan.decisions()).last().isEqualTo(
        Decision.run(at("10:03:00"), true, "waited for the previous run (overlap: wait)"));
  }

  @Test
  void plan_shouldCountNothingAsMissed_whenTheTimerHasNoStatusYet() {
    Plan plan = planner(HOURLY, CatchUp.all, Overlap.skip, Duration.ofHours(24))
        .plan(null, null, at("03:30:00"), at("04:00:00.100"));

    assertThat(plan.decisions()).containsExactly(Decision.run(at("04:00:00"), false, "on time"));
  }

  @Test
  void plan_shouldCountTheJitterAsOnTime_whenTheWakeWasDelayedByIt() {
    Plan plan = plannerWithJitter(Duration.ofMinutes(5))
        .plan(at("01:00:00"), null, at("00:00:00"), at("02:04:00"));

    assertThat(plan.decisions()).containsExactly(Decision.run(at("02:00:00"), false, "on time"));
  }

  @Test
  void plan_shouldRunASlotThatCameJustAfterTheLastRunEnded_onTime_whenOverlapIsSkip() {
    // the previous run ended a moment before the slot; its lease may well have been given back after it
    Plan plan = planner("*/2 * * * * *", CatchUp.once, Overlap.skip, Duration.ofHours(24))
        .plan(at("10:00:00"), at("10:00:01.990"), at("09:00:00"), at("10:00:02.040"));

    assertThat(plan.decisions()).containsExactly(Decision.run(at("10:00:02"), false, "on time"));
  }

  @Test
  void plan_shouldCountTheNewestSlotMissed_whenItIsLaterThanHalfTheScheduleInterval() {
    // every 2 seconds: a run 1.2 s after its slot is not on time, although well within 10 seconds
    Plan plan = planner("*/2 * * * * *", CatchUp.once, Overlap.skip, Duration.ofHours(24))
        .plan(at("10:00:00"), at("10:00:00.050"), at("09:00:00"), at("10:00:03.200"));

    assertThat(plan.decisions()).containsExactly(
        Decision.run(at("10:00:02"), true, "missed: not started within PT1S of its time (catchUp: once)"));
  }

  @Test
  void tolerance_shouldBeHalfTheInterval_cappedAtLateAfter() {
    assertThat(planner("*/2 * * * * *", CatchUp.once, Overlap.skip, Duration.ofHours(1)).tolerance(at("10:00:00")))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(planner("0 */15 * * * *", CatchUp.once, Overlap.skip, Duration.ofHours(1)).tolerance(at("10:00:00")))
        .isEqualTo(SlotPlanner.LATE_AFTER);
    // the interval that follows the slot: 10:00:50 to 10:01:00 in a schedule at seconds 0 and 50
    assertThat(planner("0,50 * * * * *", CatchUp.once, Overlap.skip, Duration.ofHours(1)).tolerance(at("10:00:50")))
        .isEqualTo(Duration.ofSeconds(5));
  }

  private static SlotPlanner planner(String cron, CatchUp catchUp, Overlap overlap, Duration maxCatchUpAge) {
    return new SlotPlanner(new TimerSource(CronSchedule.parse(cron, ZoneOffset.UTC), catchUp, maxCatchUpAge, overlap,
        Duration.ZERO));
  }

  private static SlotPlanner plannerWithJitter(Duration jitter) {
    return new SlotPlanner(new TimerSource(CronSchedule.parse(HOURLY, ZoneOffset.UTC), CatchUp.skip,
        Duration.ofHours(24), Overlap.skip, jitter));
  }

  private static List<Instant> runs(Plan plan) {
    return plan.decisions().stream().filter(Decision::run).map(Decision::slot).toList();
  }

  private static List<Instant> skips(Plan plan) {
    return plan.decisions().stream().filter(decision -> !decision.run()).map(Decision::slot).toList();
  }

  private static Instant at(String time) {
    return Instant.parse("2026-03-14T" + time + "Z");
  }
}
