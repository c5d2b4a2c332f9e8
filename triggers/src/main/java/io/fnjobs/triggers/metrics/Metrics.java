package io.fnjobs.triggers.metrics;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.Optional;

/**
 * The trigger layer's metrics: what it counts ({@link #triggers}) and their Prometheus text for
 * {@code GET /metrics} ({@link #scrape}). Off ({@code FNJOBS_METRICS=off}) counts nothing and has no
 * text: the switch is there to measure what counting costs.
 */
public final class Metrics {

  /** The Prometheus text format's content type. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final TriggerMetrics triggers;

  private Metrics(PrometheusMeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.triggers = registry == null ? TriggerMetrics.NONE : new MicrometerTriggerMetrics(registry, clock);
  }

  /** Metrics kept in a Prometheus registry of their own; {@code clock} tells the lags. */
  public static Metrics on(Clock clock) {
    return new Metrics(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock);
  }

  /** No metrics: nothing is counted, {@link #scrape} is empty. */
  public static Metrics off() {
    return new Metrics(null, null);
  }

  /** {@link #on} or {@link #off}. */
  public static Metrics of(boolean enabled, Clock clock) {
    return enabled ? on(clock) : off();
  }

  public TriggerMetrics triggers() {
    return triggers;
  }

  public boolean enabled() {
    return registry != null;
  }

  /** Every metric in the Prometheus text format; empty when metrics are off. */
  public Optional<String> scrape() {
    return registry == null ? Optional.empty() : Optional.of(registry.scrape());
  }
}
