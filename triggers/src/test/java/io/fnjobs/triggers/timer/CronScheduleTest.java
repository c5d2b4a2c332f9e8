package io.fnjobs.triggers.timer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Slots around daylight saving time. Europe/Berlin springs forward on 2026-03-29 at 01:00Z (02:00 ->
 * 03:00 local) and falls back on 2026-10-25 at 01:00Z (03:00 -> 02:00); America/New_York springs
 * forward on 2026-03-08 at 07:00Z and falls back on 2026-11-01 at 06:00Z.
 */
class CronScheduleTest {

  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  @Test
  void nextAfter_shouldRunAtTheEndOfTheGap_whenTheDailySlotFallsInTheSpringForwardHour() {
    CronSchedule daily = CronSchedule.parse("0 30 2 * * *", BERLIN);

    assertThat(slots(daily, "2026-03-27T12:00:00Z", 4)).containsExactly(
        "2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z");
  }

  @Test
  void nextAfter_shouldRunOnceAtTheEndOfTheGap_whenSeveralSlotsFallInIt() {
    CronSchedule twice = CronSchedule.parse("0 15,45 2 * * *", BERLIN);

    assertThat(slots(twice, "2026-03-28T12:00:00Z", 3))
        .containsExactly("2026-03-29T01:00:00Z", "2026-03-30T00:15:00Z", "2026-03-30T00:45:00Z");
  }

  @Test
  void nextAfter_shouldNotAddARun_whenTheEndOfTheGapIsASlotAnyway() {
    CronSchedule halfHourly = CronSchedule.parse("0 */30 * * * *", BERLIN);

    assertThat(slots(halfHourly, "2026-03-28T23:50:00Z", 5)).containsExactly(
        "2026-03-29T00:00:00Z", "2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z",
        "2026-03-29T02:00:00Z");
  }

  @Test
  void nextAfter_shouldRunOnceAtTheFirstPass_whenTheDailySlotFallsInTheRepeatedHour() {
    CronSchedule daily = CronSchedule.parse("0 30 2 * * *", BERLIN);

    assertThat(slots(daily, "2026-10-24T12:00:00Z", 2)).containsExactly("2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z");
  }

  @Test
  void nextAfter_shouldNotRunTheSecondPass_whenAskedFromInsideTheRepeatedHour() {
    CronSchedule daily = CronSchedule.parse("0 30 2 * * *", BERLIN);

    // 01:10Z is 02:10 local in the second pass, before its 02:30
    assertThat(slots(daily, "2026-10-25T01:10:00Z", 1)).containsExactly("2026-10-26T01:30:00Z");
  }

  @Test
  void nextAfter_shouldRunInBothPasses_whenTheHourFieldIsAWildcard() {
    CronSchedule halfHourly = CronSchedule.parse("0 */30 * * * *", BERLIN);

    assertThat(slots(halfHourly, "2026-10-24T23:50:00Z", 6)).containsExactly(
        "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:00:00Z", "2026-10-25T01:30:00Z",
        "2026-10-25T02:00:00Z", "2026-10-25T02:30:00Z");
  }

  @Test
  void nextAfter_shouldApplyTheSameRules_inNewYork() {
    assertThat(slots(CronSchedule.parse("0 30 2 * * *", NEW_YORK), "2026-03-07T00:00:00Z", 3))
        .containsExactly("2026-03-07T07:30:00Z", "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z");
    assertThat(slots(CronSchedule.parse("0 30 1 * * *", NEW_YORK), "2026-10-31T12:00:00Z", 2))
        .containsExactly("2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z");
  }

  @Test
  void nextAfter_shouldFireAt0200Utc_forTheNightlyCleanupSchedule() {
    CronSchedule nightly = CronSchedule.parse("0 0 2 * * *", ZoneOffset.UTC);

    assertThat(slots(nightly, "2026-03-29T01:59:59Z", 2)).containsExactly("2026-03-29T02:00:00Z", "2026-03-30T02:00:00Z");
  }

  @Test
  void nextAfter_shouldStepBySeconds_forASecondsSchedule() {
    assertThat(slots(CronSchedule.parse("*/2 * * * * *", ZoneOffset.UTC), "2026-03-07T12:00:00.500Z", 3))
        .containsExactly("2026-03-07T12:00:02Z", "2026-03-07T12:00:04Z", "2026-03-07T12:00:06Z");
  }

  @Test
  void nextAfter_shouldAnswerTheSlotOfTheComingSecond_whenAskedHalfASecondBeforeIt() {
    CronSchedule nightly = CronSchedule.parse("0 0 2 * * *", ZoneOffset.UTC);

    assertThat(nightly.nextAfter(Instant.parse("2026-03-29T01:59:59.500Z"))).contains(Instant.parse("2026-03-29T02:00:00Z"));
    assertThat(nightly.nextAfter(Instant.parse("2026-03-29T01:59:59.999999999Z")))
        .contains(Instant.parse("2026-03-29T02:00:00Z"));
  }

  @Test
  void nextAfter_shouldAnswerTheNextDay_whenAskedJustAfterTheSlot() {
    CronSchedule nightly = CronSchedule.parse("0 0 2 * * *", ZoneOffset.UTC);

    assertThat(nightly.nextAfter(Instant.parse("2026-03-29T02:00:00.200Z"))).contains(Instant.parse("2026-03-30T02:00:00Z"));
    assertThat(nightly.nextAfter(Instant.parse("2026-03-29T02:00:00.000000001Z")))
        .contains(Instant.parse("2026-03-30T02:00:00Z"));
  }

  @Test
  void nextAfter_shouldAnswerWholeSeconds_whenEverySecondIsASlotAndTheInstantHasAFraction() {
    // cron-utils answers such a schedule with the instant plus one second, fraction and all
    for (String everySecond : List.of("* * * * * *", "0-59 * * * * *", "* 0 2 * * *")) {
      CronSchedule schedule = CronSchedule.parse(everySecond, ZoneOffset.UTC);

      assertThat(slots(schedule, "2026-03-29T02:00:00.437Z", 3)).as(everySecond)
          .containsExactly("2026-03-29T02:00:01Z", "2026-03-29T02:00:02Z", "2026-03-29T02:00:03Z");
      assertThat(schedule.nextAfter(Instant.parse("2026-03-29T01:59:59.500Z"))).as(everySecond)
          .contains(Instant.parse("2026-03-29T02:00:00Z"));
    }
  }

  @Test
  void nextAfter_shouldNeitherRepeatNorSkipASlot_aroundDaylightSavingTime_whenTheInstantHasAFraction() {
    CronSchedule daily = CronSchedule.parse("0 30 2 * * *", BERLIN);
    CronSchedule everySecond = CronSchedule.parse("* * * * * *", BERLIN);

    // the end of the spring-forward gap, asked for just before it and just after it
    assertThat(daily.nextAfter(Instant.parse("2026-03-29T00:59:59.500Z"))).contains(Instant.parse("2026-03-29T01:00:00Z"));
    assertThat(daily.nextAfter(Instant.parse("2026-03-29T01:00:00.200Z"))).contains(Instant.parse("2026-03-30T00:30:00Z"));
    assertThat(slots(everySecond, "2026-03-29T00:59:58.700Z", 3))
        .containsExactly("2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-03-29T01:00:01Z");
    // the first pass of the repeated hour runs; asked for just after it, the next day comes
    assertThat(daily.nextAfter(Instant.parse("2026-10-25T00:29:59.300Z"))).contains(Instant.parse("2026-10-25T00:30:00Z"));
    assertThat(daily.nextAfter(Instant.parse("2026-10-25T00:30:00.300Z"))).contains(Instant.parse("2026-10-26T01:30:00Z"));
    assertThat(slots(everySecond, "2026-10-25T00:59:58.700Z", 3))
        .containsExactly("2026-10-25T00:59:59Z", "2026-10-25T01:00:00Z", "2026-10-25T01:00:01Z");
  }

  @Test
  void nextAfter_shouldAnswerAsFromTheWholeSecond_fromAnyFractionOfIt() {
    Map<String, List<String>> schedules = Map.of(
        "0 30 2 * * *", List.of("Europe/Berlin", "2026-03-26T00:00:00Z", "2026-10-22T00:00:00Z"),
        "0 15,45 2 * * *", List.of("Europe/Berlin", "2026-03-27T00:00:00Z"),
        "0 */30 * * * *", List.of("Europe/Berlin", "2026-03-28T20:00:00Z", "2026-10-24T20:00:00Z"),
        "*/2 * * * * *", List.of("UTC", "2026-03-07T11:59:30Z"),
        "* * * * * *", List.of("Europe/Berlin", "2026-03-29T00:59:30Z", "2026-10-25T00:59:30Z"),
        "0 30 1 * * *", List.of("America/New_York", "2026-10-30T00:00:00Z"));
    long[] fractions = {1, 500_000_000, 999_999_999};
    schedules.forEach((expression, zoneAndStarts) -> {
      CronSchedule schedule = CronSchedule.parse(expression, ZoneId.of(zoneAndStarts.get(0)));
      for (String start : zoneAndStarts.subList(1, zoneAndStarts.size())) {
        Instant slot = Instant.parse(start);
        for (int i = 0; i < 100; i++) {
          Instant previous = slot;
          slot = schedule.nextAfter(slot).orElseThrow();
          Instant following = schedule.nextAfter(slot).orElseThrow();
          for (long fraction : fractions) {
            String context = expression + " in " + schedule.zone() + " around " + slot;
            assertThat(slot.getNano()).as(context).isZero();
            assertThat(schedule.nextAfter(previous.plusNanos(fraction))).as(context).contains(slot);
            assertThat(schedule.nextAfter(slot.minusNanos(fraction))).as(context).contains(slot);
            assertThat(schedule.nextAfter(slot.plusNanos(fraction))).as(context).contains(following);
          }
        }
      }
    });
  }

  @Test
  void parse_shouldRefuse_whenTheScheduleNeverFires() {
    assertThatThrownBy(() -> CronSchedule.parse("0 0 0 30 2 *", BERLIN))
        .isInstanceOf(InvalidScheduleException.class).hasMessage("never fires");
  }

  private static List<String> slots(CronSchedule schedule, String from, int count) {
    List<String> slots = new ArrayList<>();
    Instant at = Instant.parse(from);
    for (int i = 0; i < count; i++) {
      at = schedule.nextAfter(at).orElseThrow();
      slots.add(at.toString());
    }
    return slots;
  }
}
