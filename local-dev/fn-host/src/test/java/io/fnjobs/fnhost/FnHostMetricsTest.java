package io.fnjobs.fnhost;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.fnhost.fixtures.FailingFunction;
import io.fnjobs.fnhost.fixtures.HeaderFunction;
import io.fnjobs.fnhost.fixtures.SlowFunction;
import io.fnjobs.fnhost.metrics.HostMetrics;
import io.fnjobs.fnhost.metrics.PrometheusText;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's {@code GET /metrics} after real calls, and the trace context it hands the function. */
class FnHostMetricsTest {

  private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void metrics_shouldCountCallsByStatus_coldStarts_busyAnswers_andDurations(@TempDir Path dir) throws Exception {
    FunctionsFolder.create(dir, "metered", Map.of()).function("slow", SlowFunction.class, 10, Map.of())
        .function("failing", FailingFunction.class, 10, Map.of());
    FnHostOptions options = FnHostOptions.builder().port(0).functionsDir(dir).containersPerFunction(1)
        .busyWait(Duration.ofMillis(200)).build();
    try (FnHost host = FnHost.start(options)) {
      HttpCalls http = new HttpCalls(host.uri());
      assertThat(http.post(host.invokeUri("slow"), "1").statusCode()).isEqualTo(200);
      CompletableFuture<HttpResponse<String>> running = http.postAsync(host.invokeUri("slow"), "1500");
      Thread.sleep(400);
      assertThat(http.post(host.invokeUri("slow"), "1").statusCode()).isEqualTo(503);
      assertThat(running.get().statusCode()).isEqualTo(200);
      assertThat(http.post(host.invokeUri("failing"), "x").statusCode()).isEqualTo(502);

      HttpResponse<String> scraped = http.get("/metrics");

      assertThat(scraped.statusCode()).isEqualTo(200);
      assertThat(scraped.headers().firstValue("Content-Type")).hasValue(HostMetrics.CONTENT_TYPE);
      PrometheusText text = PrometheusText.parse(scraped.body());
      Map<String, String> slow = Map.of("app", "metered", "function", "slow");
      assertThat(text.value("fn_host_calls_total", Map.of("function", "slow", "status", "200"))).isEqualTo(2);
      assertThat(text.value("fn_host_calls_total", Map.of("function", "slow", "status", "503"))).isEqualTo(1);
      assertThat(text.value("fn_host_calls_total", Map.of("function", "failing", "status", "502"))).isEqualTo(1);
      assertThat(text.value("fn_host_busy_total", slow)).isEqualTo(1);
      assertThat(text.value("fn_host_cold_starts_total", slow)).isEqualTo(1);
      assertThat(text.value("fn_host_cold_starts_total", Map.of("function", "failing"))).isEqualTo(1);
      assertThat(text.types()).containsEntry("fn_host_call_duration_seconds", "histogram");
      assertThat(text.value("fn_host_call_duration_seconds_count", slow)).isEqualTo(2);
      assertThat(text.value("fn_host_call_duration_seconds_sum", slow)).isGreaterThanOrEqualTo(1.5);
      assertThat(text.labelValues()).noneMatch(value -> value.startsWith("01"));
    }
  }

  @Test
  void invoke_shouldHandTheFunctionTheTraceparent_asFnPassesAnInvokeRequestsHeaders(@TempDir Path dir) {
    FunctionsFolder.create(dir, "traced", Map.of()).function("header", HeaderFunction.class, 10, Map.of());
    try (FnHost host = FnHost.start(FnHostOptions.builder().port(0).functionsDir(dir).build())) {
      HttpCalls http = new HttpCalls(host.uri());

      HttpResponse<String> answered = http.post(host.invokeUri("header"), "traceparent", "traceparent", TRACEPARENT);

      assertThat(answered.body()).isEqualTo(TRACEPARENT);
    }
  }
}
