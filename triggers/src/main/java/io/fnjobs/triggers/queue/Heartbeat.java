package io.fnjobs.triggers.queue;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Keeps held messages hidden from other consumers while their invocation runs, or waits its turn in
 * the batch: every third of the visibility timeout, each held message's visibility is set to the
 * whole timeout again, so it never lapses while the trigger still works on it.
 */
final class Heartbeat implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Heartbeat.class);
  private static final Duration MIN_PERIOD = Duration.ofMillis(250);

  private final SqsClient sqs;
  private final Duration visibility;
  private final String trigger;
  private final ScheduledExecutorService scheduler;

  Heartbeat(SqsClient sqs, Duration visibility, String trigger) {
    this.sqs = sqs;
    this.visibility = visibility;
    this.trigger = trigger;
    this.scheduler = Executors.newScheduledThreadPool(1, runnable -> {
      Thread thread = new Thread(runnable, "queue-heartbeat-" + trigger);
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Starts extending the message's visibility until the lease is closed. */
  Lease hold(SourceQueue queue, Message message) {
    long period = Math.max(MIN_PERIOD.toMillis(), visibility.toMillis() / 3);
    Lease lease = new Lease(queue, message);
    lease.task = scheduler.scheduleAtFixedRate(lease::extend, period, period, TimeUnit.MILLISECONDS);
    return lease;
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  /** The hold on one message; closing it stops the extensions. */
  final class Lease implements AutoCloseable {
    private final SourceQueue queue;
    private final Message message;
    private volatile boolean closed;
    private volatile ScheduledFuture<?> task;

    private Lease(SourceQueue queue, Message message) {
      this.queue = queue;
      this.message = message;
    }

    private void extend() {
      if (closed) {
        return;
      }
      try {
        sqs.changeMessageVisibility(r -> r.queueUrl(queue.url()).receiptHandle(message.receiptHandle())
            .visibilityTimeout((int) visibility.toSeconds()));
      } catch (SdkException e) {
        if (!closed) {
          LOG.warn("trigger={} event={} queue={}: cannot extend the message's visibility, another consumer may"
              + " take it when it lapses: {}", trigger, message.messageId(), queue.name(), e.getMessage());
        }
      }
    }

    @Override
    public void close() {
      closed = true;
      ScheduledFuture<?> running = task;
      if (running != null) {
        running.cancel(false);
      }
    }
  }
}
