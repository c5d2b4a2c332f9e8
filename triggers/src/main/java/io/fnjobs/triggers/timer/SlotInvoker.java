package io.fnjobs.triggers.timer;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.triggers.metrics.TriggerMetrics;
import io.fnjobs.triggers.runs.RunRecord;

/**
 * Invokes the timer's function with one event, as attempt {@code attempt}; never throws for a failed
 * run. {@code deferrable}: whether the slot may be deferred once more; if not, a deferred reply comes
 * back as a failed run.
 */
@FunctionalInterface
public interface SlotInvoker {

  RunRecord invoke(TriggerEvent event, int attempt, boolean deferrable);

  /**
   * The slot's run ends failed after attempt {@code attempt}, for {@code why}: its status flag should
   * say so where the function left it short of that (see
   * {@link io.fnjobs.triggers.runtime.Invoker#giveUp}). Nothing by default, for an invoker whose
   * function keeps no flag the trigger layer knows of.
   */
  default void gaveUp(TriggerEvent event, int attempt, FlagError why) {}

  /** What the timer counts its slots with: nothing by default. */
  default TriggerMetrics metrics() {
    return TriggerMetrics.NONE;
  }
}
