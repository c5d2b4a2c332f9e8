package io.fnjobs.common.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void delayAfter_shouldGrowByTheMultiplierUpToTheMax_whenFailuresRepeat() {
    Backoff backoff = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10), 3.0);

    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(1));
    assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(3));
    assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(9));
    assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void delayAfter_shouldStayAtTheMax_whenFailuresAreManyMoreThanItTakesToReachIt() {
    Backoff backoff = Backoff.doubling(Duration.ofMillis(200), Duration.ofSeconds(10));

    assertThat(backoff.delayAfter(5_000)).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void delayAfter_shouldCountAsTheFirst_whenNoFailureCameYet() {
    Backoff backoff = Backoff.doubling(Duration.ofMillis(500), Duration.ofSeconds(10));

    assertThat(backoff.delayAfter(0)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void delayAfter_shouldStayWithinTheJitter_whenJittered() {
    Backoff backoff = Backoff.doubling(Duration.ofSeconds(1), Duration.ofSeconds(8)).withJitter(0.5);

    for (int i = 0; i < 200; i++) {
      assertThat(backoff.delayAfter(3)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }
  }

  @Test
  void new_shouldRefuse_whenTheMaxIsBelowTheInitial() {
    assertThatThrownBy(() -> Backoff.doubling(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT2S");
  }
}
