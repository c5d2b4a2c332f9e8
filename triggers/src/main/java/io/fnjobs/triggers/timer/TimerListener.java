package io.fnjobs.triggers.timer;

import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runtime.ConnectingListener;
import io.fnjobs.triggers.runtime.ListenerState;
import io.fnjobs.triggers.runtime.SourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires a function on a CRON schedule: once the state bucket is reachable, its {@link TimerEngine}
 * keeps the schedule; leases, slot records and status live in the state bucket.
 *
 * <p>A timer touches its state bucket only around its slots, hours apart for a nightly one, so for
 * {@code /health} it also reads its lease every {@link #PROBE_EVERY}, on its own scheduler.
 */
public final class TimerListener extends ConnectingListener {

  /** How often a connected timer checks that it can read its state bucket. */
  static final Duration PROBE_EVERY = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(TimerListener.class);

  private final TimerEngine engine;
  private final Runnable probe;
  private final Scheduler probes;
  private final SourceStatus stateBucket;

  /**
   * @param probe reads the timer's state once, failing while the state bucket cannot be reached
   * @param stateBucketName the bucket the probe reads, to name it in {@code /health}
   * @param probes runs the probe every {@link #PROBE_EVERY} once connected; its clock is the listener's
   */
  public TimerListener(TriggerDefinition definition, FunctionRef function, TimerEngine engine, Runnable probe,
      String stateBucketName, Scheduler probes) {
    super(definition, function, probes.clock());
    this.engine = engine;
    this.probe = probe;
    this.probes = probes;
    this.stateBucket = declareSource("S3 state bucket " + stateBucketName);
  }

  @Override
  protected void connect() {
    probe.run();
  }

  @Override
  protected void onConnected() {
    engine.start();
    probes.at(probes.clock().instant(), this::probeEvery);
  }

  private void probeEvery() {
    Instant next = probes.clock().instant().plus(PROBE_EVERY);
    while (probes.pauseUntil(next)) {
      probeOnce();
      next = probes.clock().instant().plus(PROBE_EVERY);
    }
  }

  private void probeOnce() {
    boolean wasFailing = stateBucket.failure().isPresent();
    try {
      probe.run();
      stateBucket.succeeded();
      if (wasFailing) {
        LOG.info("trigger={} function={} reads its state bucket again", definition.name(), function);
      }
    } catch (RuntimeException e) {
      stateBucket.failed(e);
      if (!wasFailing) {
        LOG.warn("trigger={} function={} cannot read its state bucket, checking again every {}: {}",
            definition.name(), function, PROBE_EVERY, e.getMessage());
      }
    }
  }

  @Override
  protected void onStop(Duration wait) {
    probes.close(Duration.ZERO);
    engine.stop(wait);
  }

  /** Runs the function now, unless a run is going; see {@link TimerEngine#runNow()}. */
  public OnDemand runNow() {
    if (state() != ListenerState.connected) {
      return new OnDemand.Unavailable("the timer is " + state() + (lastError().isEmpty() ? "" : ": " + lastError()));
    }
    return engine.runNow();
  }

  @Override
  public Map<String, Object> details() {
    Map<String, Object> details = engine.describe();
    if (!engine.lastError().isEmpty()) {
      details.put("scheduleError", engine.lastError());
    }
    return details;
  }
}
