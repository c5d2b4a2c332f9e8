package io.fnjobs.fnhost.container;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a future until a deadline on the host's clock. The wait looks at the clock again at least
 * every {@link #RECHECK}, so a clock that is moved forward (a test's) is noticed that soon, while the
 * system clock still ends the wait at the deadline itself.
 */
final class ClockWait {

  static final Duration RECHECK = Duration.ofMillis(100);

  private ClockWait() {}

  /**
   * The future's value, once it has one.
   *
   * @throws TimeoutException the clock read {@code deadline} first
   */
  static <T> T until(CompletableFuture<T> future, Instant deadline, Clock clock)
      throws InterruptedException, ExecutionException, TimeoutException {
    while (true) {
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        if (future.isDone()) {
          return future.get();
        }
        throw new TimeoutException("the clock read " + deadline);
      }
      try {
        return future.get(Math.min(left.toNanos(), RECHECK.toNanos()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException notYet) {
        // look at the clock again
      }
    }
  }
}
