package io.fnjobs.common.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff: {@code initial} after the first failure, multiplied by {@code multiplier} after
 * each further one, never more than {@code max}; with {@code jitter} above 0, each delay is shortened
 * by a random part of up to that fraction, so that many waiters do not come back at the same moment.
 * Computed in whole milliseconds. The one backoff of fnjobs: deliveries, deferrals, reconnects, polls.
 */
public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {

  public Backoff {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(max, "max");
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff needs 0 <= initial <= max, got " + initial + " and " + max);
    }
    if (!(multiplier >= 1.0)) {
      throw new IllegalArgumentException("backoff multiplier must be at least 1, got " + multiplier);
    }
    if (!(jitter >= 0.0 && jitter <= 1.0)) {
      throw new IllegalArgumentException("backoff jitter must be from 0 to 1, got " + jitter);
    }
  }

  /** Without jitter. */
  public static Backoff exponential(Duration initial, Duration max, double multiplier) {
    return new Backoff(initial, max, multiplier, 0.0);
  }

  /** Doubling from {@code initial} up to {@code max}, without jitter. */
  public static Backoff doubling(Duration initial, Duration max) {
    return exponential(initial, max, 2.0);
  }

  /** This backoff with each delay shortened by a random part of up to {@code fraction}. */
  public Backoff withJitter(double fraction) {
    return new Backoff(initial, max, multiplier, fraction);
  }

  /** The delay after failure {@code n} (1-based; 0 or less counts as the first). */
  public Duration delayAfter(int n) {
    double factor = Math.pow(multiplier, Math.max(0, n - 1));
    double millis = Math.min(initial.toMillis() * factor, (double) max.toMillis());
    if (jitter > 0) {
      millis -= millis * jitter * ThreadLocalRandom.current().nextDouble();
    }
    return Duration.ofMillis((long) millis);
  }
}
