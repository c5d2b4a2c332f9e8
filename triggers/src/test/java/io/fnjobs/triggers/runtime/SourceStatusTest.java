package io.fnjobs.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SourceStatusTest {

  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");

  private final MutableClock clock = new MutableClock(START);
  private final SourceStatus status = new SourceStatus("SQS queue orders", clock);

  @Test
  void failure_shouldDateFromTheFirstFailureAfterASuccess_withTheLastError() {
    status.succeeded();
    clock.advance(Duration.ofSeconds(5));
    status.failed(new IllegalStateException("connection refused"));
    clock.advance(Duration.ofSeconds(5));
    status.failed(new IllegalStateException("connection reset"));

    SourceStatus.Failure failure = status.failure().orElseThrow();

    assertThat(failure.source()).isEqualTo("SQS queue orders");
    assertThat(failure.since()).isEqualTo(START.plusSeconds(5));
    assertThat(failure.lastError()).isEqualTo("connection reset");
    assertThat(failure.lastSuccess()).contains(START);
  }

  @Test
  void failure_shouldEnd_whenTheSourceAnswersAgain() {
    status.failed(new IllegalStateException("connection refused"));
    clock.advance(Duration.ofMinutes(5));

    status.succeeded();

    assertThat(status.failure()).isEmpty();
    assertThat(status.describe()).containsEntry("failing", false).containsEntry("lastError", "connection refused");
  }

  @Test
  void longerThan_shouldCountOnlyTimeBeyondTheGrace() {
    status.failed(new IllegalStateException("down"));
    SourceStatus.Failure failure = status.failure().orElseThrow();

    assertThat(failure.longerThan(Duration.ofSeconds(30), START.plusSeconds(30))).isFalse();
    assertThat(failure.longerThan(Duration.ofSeconds(30), START.plusSeconds(31))).isTrue();
  }

  @Test
  void failed_shouldKeepTheExceptionsName_whenItHasNoMessage() {
    status.failed(new IllegalStateException());

    assertThat(status.failure().orElseThrow().lastError()).isEqualTo("java.lang.IllegalStateException");
  }
}
