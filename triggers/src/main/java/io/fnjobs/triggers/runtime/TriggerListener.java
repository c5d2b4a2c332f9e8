package io.fnjobs.triggers.runtime;

import io.fnjobs.triggers.definition.TriggerDefinition;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Listens to one trigger's source and hands its events to the function. One listener per trigger;
 * the service starts them all and stops them all.
 */
public interface TriggerListener {

  TriggerDefinition definition();

  /** Starts connecting to the source in the background; returns at once. */
  void start();

  /**
   * Takes no new work, then finishes or releases the work in flight, within {@code wait}; returns when
   * done or when {@code wait} is up.
   */
  void stop(Duration wait);

  ListenerState state();

  /** The last problem reaching the source while connecting, or "" when there is none. */
  String lastError();

  /**
   * The sources the listener's work reads once connected, each with whether it last answered; {@code
   * /health} turns 503 when one has failed for longer than the grace period.
   */
  List<SourceStatus> sources();

  /** Type-specific facts for {@code GET /triggers}, e.g. a timer's next fire time. */
  Map<String, Object> details();
}
