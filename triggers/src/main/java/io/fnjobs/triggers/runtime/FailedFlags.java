package io.fnjobs.triggers.runtime;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.triggers.definition.FlagSpec;
import io.fnjobs.triggers.definition.TriggerDefinition;
import java.time.Clock;
import java.util.Optional;

/**
 * The {@code failed} flag the trigger layer writes for an event it gives up, at the subject the
 * trigger's definition declares ({@link FlagSpec}): so that a caller polling the flag learns the
 * event failed, and why, also when the function never got to write one (Fn out of reach, a timeout,
 * a crash before its first flag). Written through {@link StatusFlags}, so it never moves a flag
 * backwards (an older event's, an earlier attempt's); and a flag already terminal stays as it is: the
 * function's own {@code failed} carries its own cause, and a {@code succeeded} or {@code rejected} is
 * not the trigger layer's to overrule. Nor is an event given up because another invocation held its
 * key past the trigger's deferrals: that holder may still be at work, and the flag is its own.
 */
final class FailedFlags {

  /** What became of the flag. */
  enum Result {
    /** The trigger's definition declares no flag, or the event has no subject the function would flag. */
    none,
    /** The subject's flag was terminal already, and stays. */
    kept,
    /** The subject's flag says {@code failed} now, with the trigger layer's cause. */
    written,
    /** The subject's flag was ahead (a later event's), and stays. */
    behind,
    /** Another invocation held the event's key to the end: the flag is that holder's. */
    held
  }

  private final StatusFlags flags;
  private final Clock clock;

  FailedFlags(StatusFlags flags, Clock clock) {
    this.flags = flags;
    this.clock = clock;
  }

  Result write(TriggerDefinition trigger, TriggerEvent event, int attempt, FlagError why) {
    Optional<FlagSpec> spec = trigger.flagSpec();
    Optional<FlagSpec.Subject> subject = trigger.flagSubjectOf(event);
    if (subject.isEmpty()) {
      return Result.none;
    }
    if (why.code().equals(CauseCodes.DEFERRED_TOO_OFTEN)) {
      return Result.held;
    }
    String job = spec.get().job();
    Optional<StatusFlag> current = flags.get(job, subject.get().subject());
    if (current.isPresent() && current.get().state().terminal()) {
      return Result.kept;
    }
    StatusFlag failed = new StatusFlag(job, subject.get().subject(), FlagState.failed, Math.max(1, attempt),
        event.idempotencyKey(), subject.get().order(), clock.instant().toString(), null, why);
    return flags.write(failed).equals(failed) ? Result.written : Result.behind;
  }
}
