package io.fnjobs.triggers.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The deletes of a trigger's settled messages, sent as {@code DeleteMessageBatch} calls of up to 10:
 * a delete waits at most {@code maxDelay} (far below any visibility timeout, so the message never
 * reappears because it waited), and goes at once when its queue has 10 waiting or a consumer has
 * settled its whole batch ({@link #flush()}). Also hands messages back in one
 * {@code ChangeMessageVisibilityBatch} call per queue and 10 messages ({@link #release}).
 *
 * <p>Nothing is lost: a call that fails as a whole is sent once more; what still fails, a whole call
 * or an entry of one, is logged with the message's id and left to reappear when its visibility
 * timeout lapses, where the event's idempotency key makes the repeat harmless.
 */
final class Settlements implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Settlements.class);
  /** SQS's limit for the entries of one batch call. */
  static final int MAX_ENTRIES = 10;
  /** The longest a delete waits for others to share its call. */
  static final Duration MAX_DELAY = Duration.ofSeconds(1);

  private final SqsClient sqs;
  private final String trigger;
  private final Duration maxDelay;
  private final Map<SourceQueue, List<Message>> waiting = new LinkedHashMap<>();
  private ScheduledExecutorService timer;
  private ScheduledFuture<?> due;

  /** {@code maxDelay} zero: every delete goes at once, in a call of its own. */
  Settlements(SqsClient sqs, String trigger, Duration maxDelay) {
    this.sqs = sqs;
    this.trigger = trigger;
    this.maxDelay = maxDelay;
  }

  /**
   * How long a delete may wait for a trigger whose messages are hidden for {@code visibilityTimeout}:
   * a tenth of it, at most {@link #MAX_DELAY}. A consumer delivers its batch one message after the
   * other, so a delete must wait about one invocation to share a call with the next one's; the
   * heartbeat last extended the message at most a third of the timeout before, so it stays hidden
   * well past the wait.
   */
  static Duration delayFor(Duration visibilityTimeout) {
    Duration tenth = visibilityTimeout.dividedBy(10);
    return tenth.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : tenth;
  }

  /** Deletes the settled message, in a batch call within {@code maxDelay}. */
  void delete(SourceQueue queue, Message message) {
    List<Message> full = null;
    synchronized (this) {
      List<Message> messages = waiting.computeIfAbsent(queue, key -> new ArrayList<>());
      messages.add(message);
      if (messages.size() >= MAX_ENTRIES || maxDelay.isZero()) {
        full = waiting.remove(queue);
      } else if (due == null) {
        due = timer().schedule(this::flushQuietly, maxDelay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    if (full != null) {
      deleteNow(queue, full);
    }
  }

  /**
   * Sends every waiting delete now.
   *
   * @return the ids of the messages whose delete failed: they reappear when their visibility lapses
   */
  List<String> flush() {
    Map<SourceQueue, List<Message>> batch;
    synchronized (this) {
      if (due != null) {
        due.cancel(false);
        due = null;
      }
      if (waiting.isEmpty()) {
        return List.of();
      }
      batch = new LinkedHashMap<>(waiting);
      waiting.clear();
    }
    List<String> failed = new ArrayList<>();
    batch.forEach((queue, messages) -> failed.addAll(deleteNow(queue, messages)));
    return failed;
  }

  /**
   * Hands the messages back to their queue at once (visibility 0), in as few calls as SQS allows.
   *
   * @return the ids of the messages that could not be handed back: they reappear when their visibility lapses
   */
  List<String> release(SourceQueue queue, List<Message> messages) {
    return send(queue, messages, "hand back", chunk -> {
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(String.valueOf(i))
            .receiptHandle(chunk.get(i).receiptHandle()).visibilityTimeout(0).build());
      }
      return sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queue.url()).entries(entries)).failed();
    });
  }

  /** Sends what waits and stops the timer. */
  @Override
  public void close() {
    flush();
    synchronized (this) {
      if (timer != null) {
        timer.shutdownNow();
      }
    }
  }

  // started with the first delete that waits: a trigger settling at once needs no thread
  private ScheduledExecutorService timer() {
    if (timer == null) {
      timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "queue-settle-" + trigger);
        thread.setDaemon(true);
        return thread;
      });
    }
    return timer;
  }

  private List<String> deleteNow(SourceQueue queue, List<Message> messages) {
    return send(queue, messages, "delete", chunk -> {
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(i))
            .receiptHandle(chunk.get(i).receiptHandle()).build());
      }
      return sqs.deleteMessageBatch(r -> r.queueUrl(queue.url()).entries(entries)).failed();
    });
  }

  /** Sends {@code messages} in calls of up to 10 entries, whose ids are the messages' places in the call. */
  private List<String> send(SourceQueue queue, List<Message> messages, String what,
      Function<List<Message>, List<BatchResultErrorEntry>> call) {
    List<String> failed = new ArrayList<>();
    for (int from = 0; from < messages.size(); from += MAX_ENTRIES) {
      List<Message> chunk = messages.subList(from, Math.min(messages.size(), from + MAX_ENTRIES));
      List<BatchResultErrorEntry> errors;
      try {
        errors = callTwice(call, chunk);
      } catch (SdkException e) {
        chunk.forEach(message -> failed(queue, message, what, e.getMessage()));
        chunk.forEach(message -> failed.add(message.messageId()));
        continue;
      }
      for (BatchResultErrorEntry error : errors) {
        Message message = chunk.get(Integer.parseInt(error.id()));
        failed(queue, message, what, error.code() + ": " + error.message());
        failed.add(message.messageId());
      }
    }
    return failed;
  }

  /** A call that fails as a whole (the queue out of reach a moment) is sent once more. */
  private static List<BatchResultErrorEntry> callTwice(Function<List<Message>, List<BatchResultErrorEntry>> call,
      List<Message> chunk) {
    try {
      return call.apply(chunk);
    } catch (SdkException first) {
      return call.apply(chunk);
    }
  }

  private void failed(SourceQueue queue, Message message, String what, String why) {
    LOG.warn("trigger={} event={} queue={}: cannot {} the message, it comes back when its visibility timeout lapses"
        + " (its idempotency key makes the repeat harmless): {}", trigger, message.messageId(), queue.name(), what, why);
  }

  private void flushQuietly() {
    try {
      flush();
    } catch (RuntimeException e) {
      LOG.error("trigger={}: settling the waiting messages failed, they come back when their visibility timeout"
          + " lapses: {}", trigger, e.toString());
    }
  }
}
