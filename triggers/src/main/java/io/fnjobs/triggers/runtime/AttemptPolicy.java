package io.fnjobs.triggers.runtime;

import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.retry.Backoff;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.RunRecord;
import java.time.Duration;
import java.util.Objects;

/**
 * What a trigger does after a run of its function, the same for every trigger type: settle the event,
 * retry it after a backoff (spending an attempt), invoke it again without spending one (Fn was busy,
 * or another invocation holds its key), or give it up. Each delivery carries the decision out through
 * its own settlement (a blob's receipt, a message's visibility, a timer slot's record); none decides
 * on its own.
 *
 * <ul>
 *   <li>succeeded, rejected, skipped: {@link Settle}.
 *   <li>failed: {@link Retry} after the delivery backoff of the attempt, or {@link GiveUp} once the
 *       attempt was the trigger's last ({@code delivery.maxAttempts}).
 *   <li>poison: {@link GiveUp} at once.
 *   <li>deferred: {@link Defer} after the {@link DeferralPolicy}'s wait; a deferral past its bound
 *       counts as a failed attempt (the invoker answers it as one already when told it may not defer).
 *   <li>throttled: {@link Throttle}, after the delivery backoff for as many busy answers in a row.
 * </ul>
 *
 * <p>The attempt a policy counts is the one within the event's budget (1-based): a delivery whose
 * attempt numbers go on from an earlier round (a replayed dead letter, a redriven message) counts its
 * round's attempts here, while the function and its flag see the attempt number that goes on.
 */
public final class AttemptPolicy {

  private final DeliveryOptions delivery;
  private final Backoff backoff;
  private final DeferralPolicy deferrals;

  public AttemptPolicy(DeliveryOptions delivery, DeferralPolicy deferrals) {
    this.delivery = Objects.requireNonNull(delivery, "delivery");
    this.backoff = delivery.backoff();
    this.deferrals = Objects.requireNonNull(deferrals, "deferrals");
  }

  /** The policy of a trigger's definition: its delivery options and its deferral bound, capped at the function's hold. */
  public static AttemptPolicy of(TriggerDefinition definition, FunctionRef function) {
    return new AttemptPolicy(definition.delivery(), DeferralPolicy.of(definition, function));
  }

  /**
   * What a delivery does next after a run; {@link #carryOut} hands it to the delivery's own
   * {@link Settlement}, which has a method for every kind, so no delivery leaves one out.
   */
  public sealed interface Next permits Settle, Retry, Defer, Throttle, GiveUp {

    <R> R carryOut(Settlement<R> settlement);
  }

  /**
   * How a delivery carries out each kind of {@link Next} through its own settlement (a receipt, a
   * message's visibility, a slot's record): one method per kind, what Java 17 has for an exhaustive
   * switch over a sealed type.
   *
   * @param <R> what carrying a decision out answers the delivery with
   */
  public interface Settlement<R> {

    R settle(Settle settle);

    R retry(Retry retry);

    R defer(Defer defer);

    R throttle(Throttle throttle);

    R giveUp(GiveUp giveUp);
  }

  /** The event is done with ({@code succeeded}, {@code rejected} or {@code skipped}): settle it as {@code outcome}. */
  public record Settle(RunRecord.Outcome outcome) implements Next {
    @Override
    public <R> R carryOut(Settlement<R> settlement) {
      return settlement.settle(this);
    }
  }

  /**
   * The attempt failed and the budget has more: make the next attempt after {@code delay}.
   *
   * @param made the attempts made within the budget, this one included
   * @param maxAttempts the budget
   */
  public record Retry(Duration delay, int made, int maxAttempts) implements Next {
    @Override
    public <R> R carryOut(Settlement<R> settlement) {
      return settlement.retry(this);
    }
  }

  /** Another invocation holds the event's key: make the same attempt again after {@code delay}. */
  public record Defer(Duration delay) implements Next {
    @Override
    public <R> R carryOut(Settlement<R> settlement) {
      return settlement.defer(this);
    }
  }

  /**
   * Fn had no capacity, the function did not run: make the same attempt again after {@code delay}.
   *
   * @param inARow the busy answers in a row, this one included
   */
  public record Throttle(Duration delay, int inARow) implements Next {
    @Override
    public <R> R carryOut(Settlement<R> settlement) {
      return settlement.throttle(this);
    }
  }

  /**
   * Give the event up (dead-letter it, flag its subject failed): poison at once, or failed with the
   * attempts used up.
   *
   * @param cause the last run's cause, as the function or Fn gave it
   */
  public record GiveUp(Why why, FlagError cause) implements Next {
    @Override
    public <R> R carryOut(Settlement<R> settlement) {
      return settlement.giveUp(this);
    }
  }

  /** Why an event is given up. */
  public enum Why {
    /** The function found the event poison: no attempt can help. */
    POISON,
    /** The last attempt the trigger allows failed. */
    ATTEMPTS_USED_UP
  }

  /**
   * What follows {@code run}.
   *
   * @param attempt the run's attempt within the event's budget (1-based)
   * @param deferralsMade how often the event was deferred before this run
   * @param throttlesInARow how many busy answers came in a row before this run
   */
  public Next next(RunRecord run, int attempt, int deferralsMade, int throttlesInARow) {
    return switch (run.outcome()) {
      case succeeded, rejected, skipped -> new Settle(run.outcome());
      case poison -> new GiveUp(Why.POISON, run.cause());
      case throttled -> new Throttle(backoff.delayAfter(throttlesInARow + 1), throttlesInARow + 1);
      case deferred -> mayDefer(deferralsMade) ? new Defer(deferrals.waitAfter(run, deferralsMade))
          : failed(run, attempt);
      case failed -> failed(run, attempt);
    };
  }

  /** Whether the event, deferred {@code made} times so far, may be deferred once more: what the invoker is told. */
  public boolean mayDefer(int made) {
    return deferrals.allowsAnother(made);
  }

  /**
   * Whether attempt {@code attempt} (within the budget) may be made at all: not when an earlier
   * delivery made the last one and stopped before it could give the event up.
   */
  public boolean allows(int attempt) {
    return attempt <= delivery.maxAttempts();
  }

  /** The trigger's {@code delivery.maxAttempts}. */
  public int maxAttempts() {
    return delivery.maxAttempts();
  }

  /** The most deferrals of one event. */
  public int maxDeferrals() {
    return deferrals.maxDeferrals();
  }

  private Next failed(RunRecord run, int attempt) {
    if (attempt >= delivery.maxAttempts()) {
      return new GiveUp(Why.ATTEMPTS_USED_UP, run.cause());
    }
    return new Retry(backoff.delayAfter(attempt), attempt, delivery.maxAttempts());
  }
}
