package io.fnjobs.triggers.blob;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RetryScheduler} on one daemon thread. Tasks still waiting when it is closed are dropped: the
 * receipts they would have settled are held only until their hold runs out, then the sweep or another
 * instance takes them over.
 */
final class ScheduledRetries implements RetryScheduler, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduledRetries.class);

  private final ScheduledExecutorService executor;

  ScheduledRetries(String name) {
    this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public void schedule(Duration delay, Runnable task) {
    try {
      executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      LOG.debug("retry not scheduled: the scheduler is closed");
    }
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
