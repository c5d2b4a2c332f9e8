package io.fnjobs.triggers.queue;

import io.fnjobs.common.retry.Backoff;
import io.fnjobs.triggers.runtime.SourceStatus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of a trigger's {@code source.concurrency} consumers: receives a batch, holds every message of
 * it, and delivers them one after the other, each settled on its own. Once the trigger stops, it
 * delivers nothing more: the rest of its batch is released to the queue at once. Each receive reports
 * to the queues' {@link SourceStatus} whether they answered. While the trigger is paused it receives
 * nothing (the messages stay in the queue), and a batch that a poll in flight brought as the pause
 * came waits, held like any message waiting its turn, until the trigger is resumed.
 */
final class QueueConsumer implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(QueueConsumer.class);
  private static final Duration IDLE = Duration.ofMillis(200);
  private static final Backoff ERROR_WAIT = Backoff.doubling(Duration.ofMillis(500), Duration.ofSeconds(10));
  private static final Duration PAUSED_LOOK = Duration.ofSeconds(1);

  private final String trigger;
  private final int index;
  private final PriorityPoller poller;
  private final MessageDelivery delivery;
  private final HeldMessages held;
  private final SourceStatus receiving;
  private final BooleanSupplier stopping;
  private final BooleanSupplier paused;
  private final CountDownLatch stopped;

  QueueConsumer(String trigger, int index, PriorityPoller poller, MessageDelivery delivery, HeldMessages held,
      SourceStatus receiving, BooleanSupplier stopping, BooleanSupplier paused, CountDownLatch stopped) {
    this.trigger = trigger;
    this.index = index;
    this.poller = poller;
    this.delivery = delivery;
    this.held = held;
    this.receiving = receiving;
    this.stopping = stopping;
    this.paused = paused;
    this.stopped = stopped;
  }

  @Override
  public void run() {
    int errors = 0;
    while (awaitResumed()) {
      PriorityPoller.Batch batch;
      try {
        batch = poller.poll(index);
        receiving.succeeded();
        errors = 0;
      } catch (RuntimeException e) {
        if (stopping.getAsBoolean()) {
          return;
        }
        receiving.failed(e);
        Duration errorWait = ERROR_WAIT.delayAfter(++errors);
        LOG.warn("trigger={} consumer={} cannot receive, retrying in {}: {}", trigger, index, errorWait, e.getMessage());
        pause(errorWait);
        continue;
      }
      if (batch.messages().isEmpty()) {
        if (!poller.waits()) {
          pause(IDLE);
        }
        continue;
      }
      deliver(batch);
    }
  }

  private void deliver(PriorityPoller.Batch batch) {
    List<HeldMessages.Held> holds = batch.messages().stream().map(message -> held.hold(batch.queue(), message)).toList();
    for (HeldMessages.Held entry : holds) {
      if (!awaitResumed()) {
        held.release(entry);
        continue;
      }
      try {
        delivery.deliver(entry);
      } catch (RuntimeException e) {
        LOG.error("trigger={} event={} queue={}: could not be settled, it comes back when its visibility timeout"
            + " lapses: {}", trigger, entry.message().messageId(), entry.queue().name(), e.toString());
      } finally {
        held.done(entry);
      }
    }
    delivery.batchSettled();
  }

  /** The pause hook: waits while the trigger is paused; false once it stops. */
  private boolean awaitResumed() {
    while (paused.getAsBoolean() && !stopping.getAsBoolean()) {
      pause(PAUSED_LOOK);
    }
    return !stopping.getAsBoolean();
  }

  private void pause(Duration wait) {
    try {
      stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
