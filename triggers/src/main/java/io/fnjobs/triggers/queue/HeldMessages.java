package io.fnjobs.triggers.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The messages a trigger has received and not yet settled, each kept hidden by the heartbeat; what a
 * stop releases (visibility 0, so that another consumer takes them at once) when their turn did not
 * come, or their invocation did not end, within the stop wait.
 */
final class HeldMessages {

  private static final Logger LOG = LoggerFactory.getLogger(HeldMessages.class);

  private final Settlements settlements;
  private final Heartbeat heartbeat;
  private final String trigger;
  private final Set<Held> held = ConcurrentHashMap.newKeySet();

  HeldMessages(SqsClient sqs, Heartbeat heartbeat, String trigger) {
    this(new Settlements(sqs, trigger, Duration.ZERO), heartbeat, trigger);
  }

  /** Hands messages back through {@code settlements}: all that a stop releases, in one call per 10. */
  HeldMessages(Settlements settlements, Heartbeat heartbeat, String trigger) {
    this.settlements = settlements;
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
    release(List.of(entry));
  }

  /** Hands every message still held back to the queue, in one call per queue and 10 messages. */
  void releaseAll() {
    release(List.copyOf(held));
  }

  private void release(List<Held> entries) {
    Map<SourceQueue, List<Message>> byQueue = new LinkedHashMap<>();
    for (Held entry : entries) {
      done(entry);
      if (entry.released().compareAndSet(false, true)) {
        byQueue.computeIfAbsent(entry.queue(), queue -> new ArrayList<>()).add(entry.message());
      }
    }
    byQueue.forEach((queue, messages) -> {
      // a failure is logged by the settlements, with the message's id
      List<String> failed = settlements.release(queue, messages);
      messages.stream().filter(message -> !failed.contains(message.messageId())).forEach(message ->
          LOG.info("trigger={} event={} queue={}: released for another consumer", trigger, message.messageId(),
              queue.name()));
    });
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
