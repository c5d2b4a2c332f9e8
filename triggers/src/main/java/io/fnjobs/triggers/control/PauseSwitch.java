package io.fnjobs.triggers.control;

/**
 * Whether an operator has paused a trigger. Asked on the hot path (before each change is claimed,
 * each poll of a queue, each timer slot), so an answer may be a few seconds old; it must be cheap.
 *
 * <p>While paused, a trigger starts no new work: a blob trigger claims no receipt and does not sweep,
 * a queue trigger does not poll (messages stay in the queue), a timer records its slots as skipped
 * with the reason {@value #REASON}. Work in flight when the pause came finishes.
 */
@FunctionalInterface
public interface PauseSwitch {

  /** Why a timer slot that came while its trigger was paused did not run. */
  String REASON = "paused";

  /** A switch that never pauses: for triggers run without the shared state, as in some tests. */
  PauseSwitch NEVER = trigger -> false;

  boolean isPaused(String trigger);
}
