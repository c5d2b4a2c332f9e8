package io.fnjobs.triggers.metrics;

import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link TriggerMetrics} kept in a Micrometer registry, named after OpenTelemetry's FaaS and messaging
 * conventions in Prometheus' style ({@code fnjobs_invocations_total{trigger,function,outcome}}); the
 * README's "Metrics" section lists them all.
 */
public final class MicrometerTriggerMetrics implements TriggerMetrics {

  /** Buckets of the invocation duration histogram: from a hot call's few milliseconds to a long job. */
  static final Duration[] DURATION_BUCKETS = {
      Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(60), Duration.ofSeconds(300)};

  private final MeterRegistry registry;
  private final Clock clock;
  private final Map<String, AtomicLong> lastMillis = new ConcurrentHashMap<>();

  /** @param clock tells the lags: now less a message's sent time, or a slot's scheduled time */
  public MicrometerTriggerMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  @Override
  public void received(String trigger, String source) {
    counter("fnjobs.events.received", "events that came in, by source", "trigger", trigger, "source", source)
        .increment();
  }

  @Override
  public void invoked(String trigger, String function, Outcome outcome, int attempt, int fnStatus, Duration took) {
    counter("fnjobs.invocations", "invocations by outcome", "trigger", trigger, "function", function,
        "outcome", outcome.name()).increment();
    Timer.builder("fnjobs.invocation.duration").description("how long an invocation took, Fn's answer included")
        .tags("trigger", trigger, "function", function).serviceLevelObjectives(DURATION_BUCKETS)
        .register(registry).record(took);
    if (attempt > 1) {
      counter("fnjobs.retries", "invocations that were not an event's first attempt", "trigger", trigger,
          "function", function).increment();
    }
    counter("fnjobs.fn.responses", "Fn's answers by status (503: busy; none: Fn not reached)", "function", function,
        "status", fnStatus == 0 ? "none" : Integer.toString(fnStatus)).increment();
  }

  @Override
  public void deadLettered(String trigger, String function) {
    counter("fnjobs.dead.letters", "events given up: dead-lettered, or a timer slot ended failed", "trigger", trigger,
        "function", function).increment();
  }

  @Override
  public void redriven(String queue, int count) {
    counter("fnjobs.redrives", "messages moved back from a dead-letter queue", "queue", queue).increment(count);
  }

  @Override
  public void queueLag(String trigger, Instant sentAt) {
    gauge("fnjobs.queue.lag", "how long the last message received waited in its queue", trigger,
        Duration.between(sentAt, clock.instant()));
  }

  @Override
  public void swept(String trigger, long listed, long missed) {
    counter("fnjobs.sweep.listed", "objects the reconcile sweep listed", "trigger", trigger).increment(listed);
    counter("fnjobs.sweep.missed", "changes the sweep found that no event had brought", "trigger", trigger)
        .increment(missed);
  }

  @Override
  public void receiptClaimed(String trigger) {
    counter("fnjobs.receipts.claimed", "blob changes this instance claimed to invoke for", "trigger", trigger)
        .increment();
  }

  @Override
  public void timerLag(String trigger, Instant slot) {
    gauge("fnjobs.timer.lag", "how late the last timer slot started after its scheduled time", trigger,
        Duration.between(slot, clock.instant()));
  }

  @Override
  public void slotSkipped(String trigger) {
    counter("fnjobs.timer.slots.skipped", "timer slots skipped: overlap, or missed past catch-up", "trigger", trigger)
        .increment();
  }

  private Counter counter(String name, String description, String... tags) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  private void gauge(String name, String description, String trigger, Duration value) {
    lastMillis.computeIfAbsent(name + '\n' + trigger, key -> {
      AtomicLong millis = new AtomicLong();
      Gauge.builder(name, millis, held -> held.get() / 1000.0).description(description).baseUnit("seconds")
          .tag("trigger", trigger).register(registry);
      return millis;
    }).set(Math.max(0, value.toMillis()));
  }
}
