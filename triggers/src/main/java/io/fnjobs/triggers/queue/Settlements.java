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
import java.util.function.BiFunction;
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
 * The deletes of a trigger's settled messages, sent as {@code DeleteMessageBatch} calls of up to 10,
 * and the visibility changes of its failed ones (hidden for their retry's backoff), sent as
 * {@code ChangeMessageVisibilityBatch} calls of up to 10: each waits at most {@code maxDelay} (far
 * below any visibility timeout, so the message never reappears because it waited), and goes at once
 * when its queue has 10 of its kind waiting or a consumer has settled its whole batch ({@link #flush()}).
 * Also hands messages back in one {@code ChangeMessageVisibilityBatch} call per queue and 10 messages
 * ({@link #release}).
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
  private final Map<SourceQueue, List<Message>> deletes = new LinkedHashMap<>();
  private final Map<SourceQueue, List<Hide>> hides = new LinkedHashMap<>();
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

  /** A message to hide for {@code seconds}: its visibility timeout from now. */
  private record Hide(Message message, int seconds) {}

  /** Deletes the settled message, in a batch call within {@code maxDelay}. */
  void delete(SourceQueue queue, Message message) {
    later(deletes, queue, message, this::deleteNow);
  }

  /** Hides the message for {@code seconds} (its retry's backoff), in a batch call within {@code maxDelay}. */
  void hide(SourceQueue queue, Message message, int seconds) {
    later(hides, queue, new Hide(message, seconds), (into, waiting) -> hideNow(into, waiting, "hide"));
  }

  /** Adds {@code entry} to what waits for {@code queue}; sends what waits with {@code now} once 10 do, or at once. */
  private <T> void later(Map<SourceQueue, List<T>> waiting, SourceQueue queue, T entry,
      BiFunction<SourceQueue, List<T>, List<String>> now) {
    List<T> full = null;
    synchronized (this) {
      List<T> entries = waiting.computeIfAbsent(queue, key -> new ArrayList<>());
      entries.add(entry);
      if (entries.size() >= MAX_ENTRIES || maxDelay.isZero()) {
        full = waiting.remove(queue);
      } else if (due == null) {
        due = timer().schedule(this::flushQuietly, maxDelay.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    if (full != null) {
      now.apply(queue, full);
    }
  }

  /**
   * Sends every waiting delete and visibility change now.
   *
   * @return the ids of the messages whose delete or change failed: they reappear when their visibility lapses
   */
  List<String> flush() {
    Map<SourceQueue, List<Message>> toDelete;
    Map<SourceQueue, List<Hide>> toHide;
    synchronized (this) {
      if (due != null) {
        due.cancel(false);
        due = null;
      }
      toDelete = new LinkedHashMap<>(deletes);
      toHide = new LinkedHashMap<>(hides);
      deletes.clear();
      hides.clear();
    }
    List<String> failed = new ArrayList<>();
    toDelete.forEach((queue, messages) -> failed.addAll(deleteNow(queue, messages)));
    toHide.forEach((queue, waiting) -> failed.addAll(hideNow(queue, waiting, "hide")));
    return failed;
  }

  /**
   * Hands the messages back to their queue at once (visibility 0), in as few calls as SQS allows.
   *
   * @return the ids of the messages that could not be handed back: they reappear when their visibility lapses
   */
  List<String> release(SourceQueue queue, List<Message> messages) {
    return hideNow(queue, messages.stream().map(message -> new Hide(message, 0)).toList(), "hand back");
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

  private List<String> hideNow(SourceQueue queue, List<Hide> waiting, String what) {
    return send(queue, waiting, Hide::message, what, chunk -> {
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id(String.valueOf(i))
            .receiptHandle(chunk.get(i).message().receiptHandle()).visibilityTimeout(chunk.get(i).seconds()).build());
      }
      return sqs.changeMessageVisibilityBatch(r -> r.queueUrl(queue.url()).entries(entries)).failed();
    });
  }

  private List<String> deleteNow(SourceQueue queue, List<Message> messages) {
    return send(queue, messages, message -> message, "delete", chunk -> {
      List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < chunk.size(); i++) {
        entries.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(i))
            .receiptHandle(chunk.get(i).receiptHandle()).build());
      }
      return sqs.deleteMessageBatch(r -> r.queueUrl(queue.url()).entries(entries)).failed();
    });
  }

  /**
   * Sends {@code entries} (each of the message {@code messageOf} names) in calls of up to 10, whose ids
   * are the entries' places in the call.
   */
  private <T> List<String> send(SourceQueue queue, List<T> entries, Function<T, Message> messageOf, String what,
      Function<List<T>, List<BatchResultErrorEntry>> call) {
    List<String> failed = new ArrayList<>();
    for (int from = 0; from < entries.size(); from += MAX_ENTRIES) {
      List<T> chunk = entries.subList(from, Math.min(entries.size(), from + MAX_ENTRIES));
      List<BatchResultErrorEntry> errors;
      try {
        errors = callTwice(call, chunk);
      } catch (SdkException e) {
        chunk.stream().map(messageOf).forEach(message -> {
          failed(queue, message, what, e.getMessage());
          failed.add(message.messageId());
        });
        continue;
      }
      for (BatchResultErrorEntry error : errors) {
        Message message = messageOf.apply(chunk.get(Integer.parseInt(error.id())));
        failed(queue, message, what, error.code() + ": " + error.message());
        failed.add(message.messageId());
      }
    }
    return failed;
  }

  /** A call that fails as a whole (the queue out of reach a moment) is sent once more. */
  private static <T> List<BatchResultErrorEntry> callTwice(Function<List<T>, List<BatchResultErrorEntry>> call,
      List<T> chunk) {
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
