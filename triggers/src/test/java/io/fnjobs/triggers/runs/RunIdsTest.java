package io.fnjobs.triggers.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunIdsTest {

  @Test
  void newId_shouldStartWithThirteenDigitsZeroPadded_whenTheInvertedTimeIsShort() {
    String id = RunIds.newId(RunIds.INVERT - 42);

    assertThat(id).startsWith("0000000000042-");
    assertThat(RunIds.isId(id)).isTrue();
  }

  @Test
  void newId_shouldSortTheLaterRunFirst_whenTwoRunsStartAMillisecondApart() {
    long start = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();

    String earlier = RunIds.newId(start);
    String later = RunIds.newId(start + 1);

    assertThat(later.substring(0, 13)).isEqualTo(String.valueOf(RunIds.INVERT - start - 1));
    assertThat(later.compareTo(earlier)).isNegative();
  }

  @Test
  void cursorAt_shouldBeTheIdsTimePart_whenGivenTheRunsStart() {
    Instant start = Instant.parse("2026-03-01T12:00:02Z");

    assertThat(RunIds.newId(start.toEpochMilli())).startsWith(RunIds.cursorAt(start) + "-");
    assertThat(RunIds.isCursor(RunIds.cursorAt(start))).isTrue();
  }
}
