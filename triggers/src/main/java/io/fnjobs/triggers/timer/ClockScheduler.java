package io.fnjobs.triggers.timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@link Scheduler} on one daemon thread that waits on {@code clock}. A task never runs before its
 * time: waits are rounded up to whole milliseconds, and a task that wakes early anyway (the clock was
 * set back, or runs slower than the thread's timer) waits again for the rest.
 */
public final class ClockScheduler implements Scheduler {

  // pauses look at the clock at least this often, so a clock that is set forward is noticed
  private static final long MAX_WAIT_MILLIS = 1_000;

  private final Clock clock;
  private final ScheduledThreadPoolExecutor executor;
  private final CountDownLatch closed = new CountDownLatch(1);

  public ClockScheduler(Clock clock, String threadName) {
    this.clock = clock;
    this.executor = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, threadName);
      thread.setDaemon(true);
      return thread;
    });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setRemoveOnCancelPolicy(true);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public boolean at(Instant at, Runnable task) {
    try {
      executor.schedule(() -> runWhenDue(at, task), millisUntil(at), TimeUnit.MILLISECONDS);
      return true;
    } catch (RejectedExecutionException closedAlready) {
      return false;
    }
  }

  private void runWhenDue(Instant at, Runnable task) {
    if (clock.instant().isBefore(at)) {
      at(at, task);
      return;
    }
    task.run();
  }

  @Override
  public boolean pauseUntil(Instant until) {
    for (long left = millisUntil(until); left > 0; left = millisUntil(until)) {
      try {
        if (closed.await(Math.min(left, MAX_WAIT_MILLIS), TimeUnit.MILLISECONDS)) {
          return false;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return closed.getCount() > 0;
  }

  /**
   * Whole milliseconds until {@code at}, rounded up: a timer that woke a fraction of a millisecond
   * before its slot would find the slot not yet due, and the next wake would be a whole slot later.
   */
  private long millisUntil(Instant at) {
    Duration left = Duration.between(clock.instant(), at);
    if (left.isNegative() || left.isZero()) {
      return 0;
    }
    long millis = left.toMillis();
    return left.equals(Duration.ofMillis(millis)) ? millis : millis + 1;
  }

  @Override
  public void close(Duration wait) {
    closed.countDown();
    executor.shutdown();
    try {
      if (!executor.awaitTermination(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      executor.shutdownNow();
    }
  }
}
