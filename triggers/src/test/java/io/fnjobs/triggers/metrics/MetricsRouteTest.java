package io.fnjobs.triggers.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.fnhost.metrics.PrometheusText;
import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.fixtures.RunningTriggerLayer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics} of a whole trigger layer over loopback, after real work through the function
 * host: an order that succeeds, one that fails both its attempts and is dead-lettered, an upload the
 * sweep finds, and a timer run on demand.
 */
class MetricsRouteTest {

  private static final String KEY = "images/customer-4711/passport.jpg";

  @RegisterExtension
  static final RunningTriggerLayer layer = new RunningTriggerLayer(Instant.parse("2026-03-01T12:00:00Z"));
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void work() {
    layer.sendJob("M-1", "ok");
    layer.sendJob("M-2", "boom");
    layer.upload(KEY);
    assertThat(layer.post("/timers/nightly/run?wait=true").status()).isEqualTo(200);
    Eventually.within(Duration.ofSeconds(30), () -> {
      PrometheusText text = PrometheusText.parse(scrape().body());
      return text.value("fnjobs_dead_letters_total", Map.of("trigger", "jobs")) >= 1
          && text.value("fnjobs_invocations_total", Map.of("trigger", "thumbs", "outcome", "succeeded")) >= 1;
    });
  }

  @Test
  void metrics_shouldCountEachSourcesEventsAndInvocations_asTheWorkIsDone() {
    PrometheusText text = PrometheusText.parse(scrape().body());

    assertThat(text.value("fnjobs_events_received_total", Map.of("trigger", "jobs", "source", "sqs"))).isEqualTo(3);
    assertThat(text.value("fnjobs_invocations_total", Map.of("trigger", "jobs", "outcome", "succeeded"))).isEqualTo(1);
    assertThat(text.value("fnjobs_invocations_total", Map.of("trigger", "jobs", "outcome", "failed"))).isEqualTo(2);
    assertThat(text.value("fnjobs_retries_total", Map.of("trigger", "jobs"))).isEqualTo(1);
    assertThat(text.value("fnjobs_dead_letters_total", Map.of("trigger", "jobs", "function", "subject"))).isEqualTo(1);
    assertThat(text.value("fnjobs_fn_responses_total", Map.of("function", "subject", "status", "502"))).isEqualTo(2);
    assertThat(text.types()).containsEntry("fnjobs_queue_lag_seconds", "gauge");
    assertThat(text.value("fnjobs_queue_lag_seconds", Map.of("trigger", "jobs"))).isGreaterThanOrEqualTo(0);

    assertThat(text.value("fnjobs_events_received_total", Map.of("trigger", "thumbs", "source", "sweep")))
        .isGreaterThanOrEqualTo(1);
    assertThat(text.value("fnjobs_receipts_claimed_total", Map.of("trigger", "thumbs"))).isEqualTo(1);
    assertThat(text.value("fnjobs_sweep_listed_total", Map.of("trigger", "thumbs"))).isGreaterThanOrEqualTo(1);
    assertThat(text.value("fnjobs_sweep_missed_total", Map.of("trigger", "thumbs"))).isGreaterThanOrEqualTo(1);

    assertThat(text.value("fnjobs_events_received_total", Map.of("trigger", "nightly", "source", "on-demand")))
        .isEqualTo(1);
    assertThat(text.value("fnjobs_invocations_total", Map.of("trigger", "nightly", "outcome", "succeeded")))
        .isEqualTo(1);
    assertThat(text.value("fnjobs_invocation_duration_seconds_count", Map.of("trigger", "nightly"))).isEqualTo(1);
  }

  @Test
  void metrics_shouldBePrometheusText_withNoObjectKeyOrEventInALabel() {
    HttpResponse<String> response = scrape();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue(Metrics.CONTENT_TYPE);
    PrometheusText text = PrometheusText.parse(response.body());
    assertThat(text.samples()).isNotEmpty();
    assertThat(text.labelValues()).noneMatch(value -> value.contains("customer-4711") || value.contains("passport")
        || value.startsWith("M-") || value.contains("2026-"));
  }

  private static HttpResponse<String> scrape() {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(layer.uri() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
