package io.fnjobs.triggers.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
