package io.fnjobs.triggers.timer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.TimerEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.triggers.definition.FlagSpec;
import io.fnjobs.triggers.definition.FlagSpec.Subject;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimerSourceTest {

  private final TimerSource source = TimerSource.of("0 0 2 * * *", null, null, null, null, null);

  @Test
  void subjectOf_shouldBeTheSlot_orderedByItsTime() {
    assertThat(source.subjectOf(FlagSpec.of("cleanup", null, null), tick("2026-03-14T02:00:00Z"))).contains(
        new Subject("2026-03-14T02:00:00Z", EventOrder.at(Instant.parse("2026-03-14T02:00:00Z"))));
    assertThat(source.subjectOf(tick("2026-03-14T02:00:00Z"))).isEqualTo("2026-03-14T02:00:00Z");
  }

  @Test
  void subjectOf_shouldBeTheSlotUnordered_whenTheSlotIsNotAnInstant() {
    assertThat(source.subjectOf(FlagSpec.of("cleanup", null, null), tick("manual-7")))
        .contains(new Subject("manual-7", EventOrder.NONE));
  }

  @Test
  void traceAttributes_shouldNameTheSlotsTime() {
    assertThat(source.traceAttributes(tick("2026-03-14T02:00:00Z")))
        .isEqualTo(Map.of("faas.trigger", "timer", "faas.time", "2026-03-14T02:00:00Z"));
  }

  private static TimerEvent tick(String slot) {
    return TriggerEvent.ofTimer("nightly", "nightly@" + slot, "timer:nightly@" + slot, new TimerTick(slot, false, false));
  }
}
