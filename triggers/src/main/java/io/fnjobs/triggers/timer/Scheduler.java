package io.fnjobs.triggers.timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs a timer's tasks one at a time, each once its clock reads the task's time: the only place a
 * timer waits. The production scheduler waits on the wall clock; a test drives its own clock and runs
 * the due tasks itself, so no test sleeps.
 */
public interface Scheduler {

  Clock clock();

  /**
   * Runs {@code task} once the clock reads {@code at} or later, after the tasks due earlier.
   *
   * @return false when the scheduler is closed and will not run it
   */
  boolean at(Instant at, Runnable task);

  /**
   * Holds the task in progress until the clock reads {@code until}.
   *
   * @return false when the scheduler closed meanwhile: the task should stop
   */
  boolean pauseUntil(Instant until);

  /** Takes no more tasks, ends pauses, and waits up to {@code wait} for the task in progress. */
  void close(Duration wait);
}
