package io.fnjobs.triggers.timer;

import io.fnjobs.common.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Time a test moves by hand: one clock and any number of {@link Scheduler}s on it (one per simulated
 * instance). Moving the time runs each scheduler's tasks when their time comes, in time order across
 * schedulers, one task per scheduler at a time, as their threads would.
 */
final class ManualTime {

  private final MutableClock clock;
  private final List<ManualScheduler> schedulers = new ArrayList<>();
  private long sequence;

  ManualTime(Instant start) {
    this.clock = new MutableClock(start);
  }

  Clock clock() {
    return clock;
  }

  Instant now() {
    return clock.instant();
  }

  synchronized ManualScheduler scheduler() {
    ManualScheduler scheduler = new ManualScheduler();
    schedulers.add(scheduler);
    return scheduler;
  }

  /** Moves the clock to {@code until}, running every task due on the way. */
  void advanceTo(Instant until) {
    while (true) {
      Pending next = nextDue(until);
      if (next == null) {
        break;
      }
      next.run();
    }
    clock.moveTo(until);
  }

  void advance(Duration by) {
    advanceTo(now().plus(by));
  }

  /** Runs the tasks due now, e.g. from inside another scheduler's task. */
  void runDue() {
    advanceTo(now());
  }

  private synchronized Pending nextDue(Instant until) {
    ManualScheduler earliest = null;
    for (ManualScheduler scheduler : schedulers) {
      Task head = scheduler.tasks.peek();
      if (!scheduler.running && head != null && !head.at.isAfter(until)
          && (earliest == null || ORDER.compare(head, earliest.tasks.peek()) < 0)) {
        earliest = scheduler;
      }
    }
    if (earliest == null) {
      return null;
    }
    return new Pending(earliest, earliest.tasks.poll());
  }

  private static final Comparator<Task> ORDER = Comparator.comparing((Task task) -> task.at).thenComparingLong(task -> task.sequence);

  private record Task(Instant at, long sequence, Runnable work) {}

  private final class Pending {
    private final ManualScheduler scheduler;
    private final Task task;

    Pending(ManualScheduler scheduler, Task task) {
      this.scheduler = scheduler;
      this.task = task;
    }

    void run() {
      clock.moveTo(task.at);
      scheduler.running = true;
      try {
        task.work.run();
      } finally {
        scheduler.running = false;
      }
    }
  }

  /** One simulated instance's scheduler. */
  final class ManualScheduler implements Scheduler {

    private final PriorityQueue<Task> tasks = new PriorityQueue<>(ORDER);
    private volatile boolean running;
    private volatile boolean closed;

    @Override
    public Clock clock() {
      return clock;
    }

    @Override
    public boolean at(Instant at, Runnable task) {
      synchronized (ManualTime.this) {
        if (closed) {
          return false;
        }
        tasks.add(new Task(at, sequence++, task));
        return true;
      }
    }

    @Override
    public boolean pauseUntil(Instant until) {
      clock.moveTo(until);
      return !closed;
    }

    @Override
    public void close(Duration wait) {
      synchronized (ManualTime.this) {
        closed = true;
        tasks.clear();
      }
    }

    boolean hasTasks() {
      synchronized (ManualTime.this) {
        return !tasks.isEmpty();
      }
    }
  }
}
