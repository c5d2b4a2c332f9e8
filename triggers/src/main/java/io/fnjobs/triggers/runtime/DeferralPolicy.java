package io.fnjobs.triggers.runtime;

import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.RunRecord;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * What a trigger does when its function defers an event (another invocation of the event holds its
 * idempotency key and is doing the work): it tries the event again after the retry-after the function
 * answered, no sooner than {@code floor} and no later than {@code cap}, without spending one of the
 * event's attempts; that at most {@code maxDeferrals} times per event.
 *
 * <p>Why a bound: a holder keeps the key until its deadline at most, after which a try proceeds, and
 * the retry-after ends there; so a healthy holder defers an event once, or a few times when several
 * copies race. A key that stays held (a deadline set far ahead, clocks that disagree, a function that
 * answers deferred by mistake) must not keep an event from its attempts forever: past the bound, a
 * deferral counts as a failed attempt, so the event is retried with backoff and dead-lettered like any
 * failure. With the cap at the function's hold, an event waits {@code maxDeferrals} holds at most.
 */
public record DeferralPolicy(int maxDeferrals, Duration floor, Duration cap) {

  /** The shortest wait after a deferral: a holder whose deadline is due now is not polled in a tight loop. */
  public static final Duration FLOOR = Duration.ofSeconds(1);

  /** The policy of a trigger's definition ({@code delivery.maxDeferrals}), capped at its function's hold. */
  public static DeferralPolicy of(TriggerDefinition definition, FunctionRef function) {
    return new DeferralPolicy(definition.delivery().maxDeferrals(), FLOOR, Invoker.hold(function));
  }

  /** Whether an event deferred {@code made} times so far may be deferred once more. */
  public boolean allowsAnother(int made) {
    return made < maxDeferrals;
  }

  /** This policy with its cap no longer than {@code limit}: what a source can delay an event by. */
  public DeferralPolicy cappedAt(Duration limit) {
    return cap.compareTo(limit) <= 0 ? this : new DeferralPolicy(maxDeferrals, floor, limit);
  }

  /**
   * How long to wait after a deferred run: its retry-after, within floor and cap; the cap when it gave
   * none that can be read, since no holder holds the key longer.
   */
  public Duration waitAfter(RunRecord run) {
    Duration asked = cap;
    if (run.retryAfter() != null) {
      try {
        asked = Duration.parse(run.retryAfter());
      } catch (DateTimeParseException unreadable) {
        // keep the cap
      }
    }
    if (asked.compareTo(floor) < 0) {
      return floor;
    }
    return asked.compareTo(cap) > 0 ? cap : asked;
  }
}
