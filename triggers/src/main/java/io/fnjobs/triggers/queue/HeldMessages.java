package io.fnjobs.triggers.queue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The messages a trigger has received and not yet settled, each kept hidden by the heartbeat; what a
 * stop releases (visibility 0, so that another consumer takes them at once) when their turn did not
 * come, or their invocation did not end, within the stop wait.
 */
final class HeldMessages {

  private static final Logger LOG = LoggerFactory.getLogger(HeldMessages.class);

  private final SqsClient sqs;
  private final Heartbeat heartbeat;
  private final String trigger;
  private final Set<Held> held = ConcurrentHashMap.newKeySet();

  HeldMessages(SqsClient sqs, Heartbeat heartbeat, String trigger) {
    this.sqs = sqs;
    this.heartbeat = heartbeat;
    this.trigger = trigger;
  }

  Held hold(SourceQueue queue, Message message) {
    Held entry = new Held(queue, message, heartbeat.hold(queue, message));
    held.add(entry);
    return entry;
  }

  /** The message was settled (or will reappear by itself): stop extending it. */
  void done(Held entry) {
    entry.lease().close();
    held.remove(entry);
  }

  /** Hands the message back to the queue at once, unless it was already handed back. */
  void release(Held entry) {
    done(entry);
    if (!entry.released().compareAndSet(false, true)) {
      return;
    }
    try {
      sqs.changeMessageVisibility(r -> r.queueUrl(entry.queue().url())
          .receiptHandle(entry.message().receiptHandle()).visibilityTimeout(0));
      LOG.info("trigger={} event={} queue={}: released for another consumer", trigger, entry.message().messageId(),
          entry.queue().name());
    } catch (SdkException e) {
      LOG.warn("trigger={} event={} queue={}: cannot release the message, it comes back when its visibility"
          + " timeout lapses: {}", trigger, entry.message().messageId(), entry.queue().name(), e.getMessage());
    }
  }

  void releaseAll() {
    List.copyOf(held).forEach(this::release);
  }

  int count() {
    return held.size();
  }

  /** One held message. */
  record Held(SourceQueue queue, Message message, Heartbeat.Lease lease, AtomicBoolean released) {
    Held(SourceQueue queue, Message message, Heartbeat.Lease lease) {
      this(queue, message, lease, new AtomicBoolean());
    }
  }
}
