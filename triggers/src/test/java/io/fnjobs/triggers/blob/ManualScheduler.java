package io.fnjobs.triggers.blob;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A {@link RetryScheduler} the test runs by hand, recording the delays asked for. */
final class ManualScheduler implements RetryScheduler {

  private final Deque<Runnable> tasks = new ArrayDeque<>();
  private final List<Duration> delays = new ArrayList<>();

  @Override
  public synchronized void schedule(Duration delay, Runnable task) {
    delays.add(delay);
    tasks.add(task);
  }

  synchronized List<Duration> delays() {
    return List.copyOf(delays);
  }

  synchronized int waiting() {
    return tasks.size();
  }

  /** Runs the oldest task now, as if its delay had passed. */
  void runNext() {
    Runnable next;
    synchronized (this) {
      next = tasks.poll();
    }
    if (next == null) {
      throw new IllegalStateException("nothing is scheduled");
    }
    next.run();
  }
}
