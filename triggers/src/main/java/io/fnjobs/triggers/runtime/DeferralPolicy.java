package io.fnjobs.triggers.runtime;

import io.fnjobs.common.retry.Backoff;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.RunRecord;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * What a trigger does when its function defers an event (another invocation of the event holds its
 * idempotency key and is doing the work): it tries the event again without spending one of the event's
 * attempts, at most {@code maxDeferrals} times per event. The waits start at {@code floor} and double
 * with each deferral, up to the retry-after the function answered and never past {@code cap}: the
 * retry-after is when the holder's claim ends at the latest (its deadline), while a healthy holder is
 * usually done within a second, so a copy sent at the same moment is settled soon after it, not a
 * whole function timeout later.
 *
 * <p>Why a bound: a holder keeps the key until its deadline at most, after which a try proceeds, and
 * the retry-after ends there; so a healthy holder defers an event for a few short waits at most. A key
 * that stays held (a deadline set far ahead, clocks that disagree, a function that answers deferred by
 * mistake) must not keep an event from its attempts forever: past the bound, a deferral counts as a
 * failed attempt, so the event is retried with backoff and dead-lettered like any failure. With the
 * cap at the function's hold, an event waits {@code maxDeferrals} holds at most.
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
   * How long to wait after a deferred run, the event deferred {@code made} times before it: {@code floor}
   * doubled {@code made} times, but no longer than the run's retry-after (itself within floor and cap),
   * and the cap when the run gave no retry-after that can be read, since no holder holds the key longer.
   */
  public Duration waitAfter(RunRecord run, int made) {
    Duration asked = within(retryAfter(run));
    // a cap below the floor leaves the floor as the most it grows to: asked is no longer than either
    Duration growing = Backoff.doubling(floor, cap.compareTo(floor) < 0 ? floor : cap).delayAfter(made + 1);
    return growing.compareTo(asked) < 0 ? growing : asked;
  }

  private Duration retryAfter(RunRecord run) {
    if (run.retryAfter() != null) {
      try {
        return Duration.parse(run.retryAfter());
      } catch (DateTimeParseException unreadable) {
        // as if none was given
      }
    }
    return cap;
  }

  private Duration within(Duration asked) {
    if (asked.compareTo(floor) < 0) {
      return floor;
    }
    return asked.compareTo(cap) > 0 ? cap : asked;
  }
}
