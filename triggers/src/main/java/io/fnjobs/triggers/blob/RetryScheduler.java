package io.fnjobs.triggers.blob;

import java.time.Duration;

/** Runs a task later, e.g. the next attempt of a failed invocation after its backoff. */
public interface RetryScheduler {

  /** Runs {@code task} after {@code delay}, on a thread of the scheduler's; never blocks the caller. */
  void schedule(Duration delay, Runnable task);
}
