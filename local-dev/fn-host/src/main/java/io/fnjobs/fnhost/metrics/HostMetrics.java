package io.fnjobs.fnhost.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;

/**
 * What the function host counts of its calls, for {@code GET /metrics} in Prometheus' text format:
 * calls by function and the status the host answered, cold starts, busy answers (503: every
 * container of the function stayed busy), and how long the function ran. Labels are the app's and
 * the function's names and the status: never a call id.
 */
public final class HostMetrics {

  /** The Prometheus text format's content type. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final int BUSY = 503;
  private static final Duration[] DURATION_BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(300)};

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  /**
   * A call of {@code function} in {@code app} was answered with {@code status}.
   *
   * @param ran how long the function ran, with its container's cold start; null when it did not run
   *     (busy, refused) or did not finish (timed out, broke)
   * @param cold whether the call started its container
   */
  public void called(String app, String function, int status, boolean cold, Duration ran) {
    counter("fn.host.calls", "calls by function and the status the host answered", app, function)
        .tag("status", Integer.toString(status)).register(registry).increment();
    if (cold) {
      counter("fn.host.cold.starts", "calls that started a container", app, function).register(registry).increment();
    }
    if (status == BUSY) {
      counter("fn.host.busy", "calls answered 503: every container of the function stayed busy", app, function)
          .register(registry).increment();
    }
    if (ran != null) {
      Timer.builder("fn.host.call.duration").description("how long a call ran in its container, cold start included")
          .tags("app", app, "function", function).serviceLevelObjectives(DURATION_BUCKETS).register(registry)
          .record(ran);
    }
  }

  /** Every metric, in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  private static Counter.Builder counter(String name, String description, String app, String function) {
    return Counter.builder(name).description(description).tags("app", app, "function", function);
  }
}
