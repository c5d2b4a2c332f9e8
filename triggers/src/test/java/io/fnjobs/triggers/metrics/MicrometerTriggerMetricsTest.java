package io.fnjobs.triggers.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.MutableClock;
import io.fnjobs.fnhost.metrics.PrometheusText;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the Micrometer adapter makes of each event, as Prometheus text. */
class MicrometerTriggerMetricsTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
  private final Metrics metrics = Metrics.on(clock);

  @Test
  void queueLag_shouldBeTheWaitOfTheLastMessageSeen_byTheClock() {
    metrics.triggers().queueLag("orders", clock.instant().minusSeconds(40));
    metrics.triggers().queueLag("orders", clock.instant().minusMillis(2500));

    assertThat(scrape().value("fnjobs_queue_lag_seconds", Map.of("trigger", "orders"))).isEqualTo(2.5);
  }

  @Test
  void timerLag_shouldBeHowLateTheLastSlotStarted() {
    metrics.triggers().timerLag("nightly", clock.instant().minusMillis(120));

    assertThat(scrape().value("fnjobs_timer_lag_seconds", Map.of("trigger", "nightly"))).isEqualTo(0.12);
  }

  @Test
  void invoked_shouldFillTheDurationHistogram_inSecondsWithCumulativeBuckets() {
    metrics.triggers().invoked("thumbs", "thumbnail", Outcome.succeeded, 1, 200, Duration.ofMillis(30));
    metrics.triggers().invoked("thumbs", "thumbnail", Outcome.failed, 2, 502, Duration.ofMillis(700));

    PrometheusText text = scrape();
    Map<String, String> thumbs = Map.of("trigger", "thumbs", "function", "thumbnail");
    assertThat(text.types()).containsEntry("fnjobs_invocation_duration_seconds", "histogram");
    assertThat(text.value("fnjobs_invocation_duration_seconds_bucket", with(thumbs, "le", "0.05"))).isEqualTo(1);
    assertThat(text.value("fnjobs_invocation_duration_seconds_bucket", with(thumbs, "le", "1.0"))).isEqualTo(2);
    assertThat(text.value("fnjobs_invocation_duration_seconds_count", thumbs)).isEqualTo(2);
    assertThat(text.value("fnjobs_invocation_duration_seconds_sum", thumbs)).isEqualTo(0.73);
    assertThat(text.value("fnjobs_retries_total", thumbs)).isEqualTo(1);
    assertThat(text.value("fnjobs_fn_responses_total", Map.of("function", "thumbnail", "status", "502"))).isEqualTo(1);
  }

  @Test
  void invoked_shouldNameFnNotReached_asStatusNone() {
    metrics.triggers().invoked("orders", "order-processor", Outcome.failed, 1, 0, Duration.ZERO);

    assertThat(scrape().value("fnjobs_fn_responses_total", Map.of("status", "none"))).isEqualTo(1);
  }

  @Test
  void scrape_shouldBeEmpty_andNothingCounted_whenMetricsAreOff() {
    Metrics off = Metrics.of(false, clock);

    off.triggers().received("thumbs", "webhook");

    assertThat(off.enabled()).isFalse();
    assertThat(off.scrape()).isEmpty();
    assertThat(off.triggers()).isSameAs(TriggerMetrics.NONE);
  }

  private PrometheusText scrape() {
    return PrometheusText.parse(metrics.scrape().orElseThrow());
  }

  private static Map<String, String> with(Map<String, String> labels, String name, String value) {
    Map<String, String> more = new java.util.HashMap<>(labels);
    more.put(name, value);
    return more;
  }
}
