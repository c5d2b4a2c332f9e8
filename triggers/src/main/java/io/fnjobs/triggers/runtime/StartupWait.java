package io.fnjobs.triggers.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up steps that depend on a service that may come up after the trigger layer (the Fn server, the
 * store): retried while they fail for want of the service, up to a limit.
 */
final class StartupWait {

  private static final Logger LOG = LoggerFactory.getLogger(StartupWait.class);
  private static final Duration PAUSE = Duration.ofMillis(500);

  private final Clock clock;
  private final Duration wait;

  StartupWait(Clock clock, Duration wait) {
    this.clock = clock;
    this.wait = wait;
  }

  /**
   * Runs {@code step} until it succeeds; a failure of type {@code unavailable} is retried until the wait
   * is up, then turned into the exception {@code giveUp} makes of it; other failures pass at once.
   */
  <T, E extends RuntimeException> T retry(String what, Class<E> unavailable, Supplier<T> step,
      Function<E, RuntimeException> giveUp) {
    Instant deadline = clock.instant().plus(wait);
    while (true) {
      try {
        return step.get();
      } catch (RuntimeException e) {
        if (!unavailable.isInstance(e)) {
          throw e;
        }
        if (!clock.instant().isBefore(deadline)) {
          throw giveUp.apply(unavailable.cast(e));
        }
        LOG.warn("{} not available yet, retrying: {}", what, e.getMessage());
        pause(what);
      }
    }
  }

  Duration limit() {
    return wait;
  }

  private static void pause(String what) {
    try {
      Thread.sleep(PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + what, e);
    }
  }
}
