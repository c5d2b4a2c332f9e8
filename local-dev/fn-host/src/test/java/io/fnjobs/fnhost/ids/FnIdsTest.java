package io.fnjobs.fnhost.ids;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FnIdsTest {

  private static final String ULID = "[0-7][0-9A-HJKMNP-TV-Z]{25}";

  @Test
  void appId_shouldBeStableAndFnShaped_whenDerivedFromTheSameName() {
    assertThat(FnIds.appId("fnjobs")).matches(ULID).isEqualTo(FnIds.appId("fnjobs"));
    assertThat(FnIds.appId("fnjobs")).isNotEqualTo(FnIds.appId("other"));
  }

  @Test
  void functionId_shouldDependOnAppAndFunction_whenNamesDiffer() {
    assertThat(FnIds.functionId("fnjobs", "thumbnail")).matches(ULID)
        .isEqualTo(FnIds.functionId("fnjobs", "thumbnail"))
        .isNotEqualTo(FnIds.functionId("other", "thumbnail"))
        .isNotEqualTo(FnIds.appId("fnjobs"));
  }

  @Test
  void newCallId_shouldStartWithTheClockTimeAndBeUnique_whenMintedRepeatedly() {
    FnIds ids = new FnIds(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    Set<String> seen = new HashSet<>();
    IntStream.range(0, 1000).forEach(i -> seen.add(ids.newCallId()));

    assertThat(seen).hasSize(1000).allSatisfy(id -> assertThat(id).matches(ULID).startsWith("01KDVDNA00"));
  }

  @Test
  void encode_shouldWriteCrockfordBase32_whenGivenKnownBits() {
    assertThat(FnIds.encode(0, 0)).isEqualTo("00000000000000000000000000");
    assertThat(FnIds.encode(0, 31)).isEqualTo("0000000000000000000000000Z");
    assertThat(FnIds.encode(-1, -1)).isEqualTo("7ZZZZZZZZZZZZZZZZZZZZZZZZZ");
  }
}
