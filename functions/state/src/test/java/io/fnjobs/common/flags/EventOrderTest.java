package io.fnjobs.common.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventOrderTest {

  private static final Instant T = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void compareSequencers_shouldCompareAsNumbers_whenTheLengthsDiffer() {
    assertThat(EventOrder.compareSequencers("0100", "FF")).isPositive();
    assertThat(EventOrder.compareSequencers("FF", "0100")).isNegative();
    // as plain text "187A..." would come after "0055..."; padded to one length it comes before
    assertThat(EventOrder.compareSequencers("187A0C2B5D6E7F80", "0055AED6DCD90281E5")).isNegative();
  }

  @Test
  void compareSequencers_shouldFindThemEqual_whenOnlyLeadingZerosOrCaseDiffer() {
    assertThat(EventOrder.compareSequencers("00ab", "AB")).isZero();
  }

  @Test
  void compareWith_shouldGoBySequence_whenBothHaveOne() {
    assertThat(EventOrder.sequence(2).compareWith(EventOrder.sequence(1))).isPositive();
    assertThat(EventOrder.sequence(1).compareWith(EventOrder.sequence(2))).isNegative();
  }

  @Test
  void compareWith_shouldGoByTimeFirst_thenBySequencer() {
    EventOrder earlier = EventOrder.objectVersion(T, "FF");
    EventOrder later = EventOrder.objectVersion(T.plusSeconds(1), "01");

    assertThat(later.compareWith(earlier)).isPositive();
    assertThat(EventOrder.objectVersion(T, "0100").compareWith(earlier)).isPositive();
  }

  @Test
  void compareWith_shouldGoByTime_whenOnlyOneHasASequencer() {
    EventOrder fromTheSweep = EventOrder.objectVersion(T, null);

    assertThat(fromTheSweep.compareWith(EventOrder.objectVersion(T.plusSeconds(1), "01"))).isNegative();
    assertThat(fromTheSweep.compareWith(EventOrder.objectVersion(T, "01"))).as("the same second: cannot tell").isZero();
  }

  @Test
  void compareWith_shouldNotTell_whenTheOrdersHaveNoPartInCommon_orAnUnreadableOne() {
    assertThat(EventOrder.sequence(2).compareWith(EventOrder.at(T))).isZero();
    assertThat(EventOrder.at(T).compareWith(EventOrder.NONE)).isZero();
    assertThat(EventOrder.at(T).compareWith(null)).isZero();
    assertThat(new EventOrder(null, "yesterday", null).compareWith(EventOrder.at(T))).isZero();
  }

  @Test
  void json_shouldHoldOnlyTheKnownParts() {
    String json = new String(Json.write(EventOrder.objectVersion(T, "187A0C2B5D6E7F80")), StandardCharsets.UTF_8);

    assertThat(Json.read(json.getBytes(StandardCharsets.UTF_8), JsonNode.class, "test"))
        .isEqualTo(Json.tree(Map.of("time", "2026-11-21T10:00:00Z", "sequencer", "187A0C2B5D6E7F80")));
    assertThat(Json.read(json.getBytes(StandardCharsets.UTF_8), EventOrder.class, "test"))
        .isEqualTo(EventOrder.objectVersion(T, "187A0C2B5D6E7F80"));
  }

  @Test
  void ofSlot_shouldOrderBySlotTime_whenTheSlotIsAnInstant() {
    EventOrder eight = EventOrder.ofSlot("2026-11-21T08:00:00Z");

    assertThat(eight).isEqualTo(EventOrder.at(Instant.parse("2026-11-21T08:00:00Z")));
    assertThat(EventOrder.ofSlot("2026-11-21T09:00:00Z").compareWith(eight)).isPositive();
  }

  @Test
  void ofSlot_shouldOrderNothing_whenTheSlotIsNoInstant() {
    assertThat(EventOrder.ofSlot("on-demand 7")).isEqualTo(EventOrder.NONE);
  }
}
