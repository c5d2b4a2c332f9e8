package io.fnjobs.triggers.timer;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.triggers.runs.RunRecord;

/**
 * Invokes the timer's function with one event, as attempt {@code attempt}; never throws for a failed
 * run. {@code deferrable}: whether the slot may be deferred once more; if not, a deferred reply comes
 * back as a failed run.
 */
@FunctionalInterface
public interface SlotInvoker {

  RunRecord invoke(TriggerEvent event, int attempt, boolean deferrable);
}
