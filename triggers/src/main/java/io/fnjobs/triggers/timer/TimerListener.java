package io.fnjobs.triggers.timer;

import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runtime.ConnectingListener;
import java.time.Duration;
import java.util.Map;

/**
 * Fires a function on a CRON schedule: once the state bucket is reachable, its {@link TimerEngine}
 * keeps the schedule; leases, slot records and status live in the state bucket.
 */
public final class TimerListener extends ConnectingListener {

  private final TimerEngine engine;
  private final Runnable probe;

  /**
   * @param probe reads the timer's state once, failing while the state bucket cannot be reached
   */
  public TimerListener(TriggerDefinition definition, FunctionRef function, TimerEngine engine, Runnable probe) {
    super(definition, function);
    this.engine = engine;
    this.probe = probe;
  }

  @Override
  protected void connect() {
    probe.run();
  }

  @Override
  protected void onConnected() {
    engine.start();
  }

  @Override
  protected void onStop(Duration wait) {
    engine.stop(wait);
  }

  /** Runs the function now, unless a run is going; see {@link TimerEngine#runNow()}. */
  public OnDemand runNow() {
    if (state() != io.fnjobs.triggers.runtime.ListenerState.connected) {
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
