package io.fnjobs.triggers.blob;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed number of worker threads with room for a bounded number of waiting tasks. Webhooks
 * {@link #offer} (a full queue answers at once, so the sender retries later); the sweep and the queue
 * poller {@link #put} (they wait for room, which keeps their memory flat). A worker passes each task
 * through the {@link Gate} first: it waits there while the trigger is paused.
 */
final class WorkQueue {

  /** What a worker waits for before it runs a task. */
  @FunctionalInterface
  interface Gate {
    /** Waits until a task may run; false drops the task (the trigger stops). */
    boolean awaitOpen();
  }

  private final ThreadPoolExecutor executor;
  private final Semaphore room;
  private final Gate gate;

  WorkQueue(String name, int threads, int capacity) {
    this(name, threads, capacity, () -> true);
  }

  WorkQueue(String name, int threads, int capacity, Gate gate) {
    this.gate = gate;
    AtomicInteger count = new AtomicInteger();
    this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
        runnable -> {
          Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    this.room = new Semaphore(threads + capacity);
  }

  /** Queues the task if there is room; false when full or shut down. */
  boolean offer(Runnable task) {
    return room.tryAcquire() && execute(task);
  }

  /**
   * Queues the task, waiting for room.
   *
   * @return false when shut down
   */
  boolean put(Runnable task) throws InterruptedException {
    room.acquire();
    return execute(task);
  }

  private boolean execute(Runnable task) {
    try {
      executor.execute(() -> {
        try {
          if (gate.awaitOpen()) {
            task.run();
          }
        } finally {
          room.release();
        }
      });
      return true;
    } catch (RejectedExecutionException shutDown) {
      room.release();
      return false;
    }
  }

  /** Tasks queued or running. */
  int pending() {
    return executor.getQueue().size() + executor.getActiveCount();
  }

  /** Takes no new tasks; waits up to {@code wait} for those queued and running, then interrupts them. */
  void shutdown(Duration wait) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
