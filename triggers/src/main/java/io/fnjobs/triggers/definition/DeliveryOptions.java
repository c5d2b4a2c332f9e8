package io.fnjobs.triggers.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fnjobs.common.retry.Backoff;
import java.time.Duration;

/**
 * How hard a trigger tries: up to {@code maxAttempts} invocations per event, waiting
 * {@code initialBackoff} after the first failure, multiplied by {@code backoffMultiplier} after each
 * further one, never more than {@code maxBackoff}. An invocation the function defers (another
 * invocation of the event holds its key) spends no attempt, {@code maxDeferrals} times per event at
 * most; after that a deferral counts as a failed attempt.
 */
public record DeliveryOptions(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, double backoffMultiplier, int maxDeferrals) {

  public static final int DEFAULT_MAX_DEFERRALS = 10;
  public static final DeliveryOptions DEFAULTS = of(null, null, null, null, null);

  public DeliveryOptions(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double backoffMultiplier) {
    this(maxAttempts, initialBackoff, maxBackoff, backoffMultiplier, DEFAULT_MAX_DEFERRALS);
  }

  @JsonCreator
  static DeliveryOptions of(
      @JsonProperty("maxAttempts") Integer maxAttempts,
      @JsonProperty("initialBackoff") Duration initialBackoff,
      @JsonProperty("maxBackoff") Duration maxBackoff,
      @JsonProperty("backoffMultiplier") Double backoffMultiplier,
      @JsonProperty("maxDeferrals") Integer maxDeferrals) {
    Duration initial =
        Ranges.within("initialBackoff", initialBackoff, Duration.ofSeconds(1), Duration.ZERO, Duration.ofHours(1));
    Duration max =
        Ranges.within("maxBackoff", maxBackoff, Duration.ofMinutes(5), Duration.ZERO, Duration.ofHours(12));
    if (max.compareTo(initial) < 0) {
      throw new DefinitionProblem("maxBackoff", max, "must not be less than initialBackoff (" + initial + ")");
    }
    double multiplier = backoffMultiplier == null ? 2.0 : backoffMultiplier;
    if (!(multiplier >= 1.0 && multiplier <= 10.0)) {
      throw new DefinitionProblem("backoffMultiplier", multiplier, "must be from 1 to 10");
    }
    return new DeliveryOptions(Ranges.within("maxAttempts", maxAttempts, 5, 1, 100), initial, max, multiplier,
        Ranges.within("maxDeferrals", maxDeferrals, DEFAULT_MAX_DEFERRALS, 0, 100));
  }

  /**
   * The backoff between attempts these options describe: {@code delayAfter(n)} is the wait after the
   * n-th failed attempt (1-based), or after the n-th busy answer in a row.
   */
  public Backoff backoff() {
    return Backoff.exponential(initialBackoff, maxBackoff, backoffMultiplier);
  }
}
