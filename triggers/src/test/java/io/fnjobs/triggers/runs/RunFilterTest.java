package io.fnjobs.triggers.runs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunFilterTest {

  @Test
  void sameEvent_shouldMatchAKeyTheFunctionNarrowed_andAnObjectsKeyWithoutItsVersion() {
    String run = "blob:uploads/images/a.jpg#etag:abc";

    assertThat(RunFilter.sameEvent(run, run)).isTrue();
    assertThat(RunFilter.sameEvent(run, run + "#modified:2026-03-01T12:00:00Z")).isTrue();
    assertThat(RunFilter.sameEvent(run, "blob:uploads/images/a.jpg")).isTrue();
    assertThat(RunFilter.sameEvent(run, "blob:uploads/images/a.jpg#etag:abd")).isFalse();
    assertThat(RunFilter.sameEvent(run, "blob:uploads/images/a.jp")).isFalse();
  }
}
