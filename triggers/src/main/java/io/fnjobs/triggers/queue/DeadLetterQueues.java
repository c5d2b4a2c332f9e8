package io.fnjobs.triggers.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fnjobs.triggers.queue.SourceQueue.DeadLetterTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The dead-letter queues of a trigger's queues: sending a message there with the reason attached,
 * listing what is there without consuming it, and sending it back to its source queue.
 *
 * <p>Listing receives the messages with a short hold (so that each page brings new ones) and makes
 * them visible again right after: nothing is consumed, but each listing adds one to a dead letter's
 * receive count, and a concurrent listing or redrive does not see the messages held by this one for
 * up to {@link #LIST_HOLD}.
 *
 * <p>Copies of one message are shown and redriven once: copies of one original message id (a
 * dead-lettering that stopped between sending and deleting) are grouped, and a dead letter already
 * redriven (see {@link RedriveLog}: the embedded ElasticMQ shows one again after a restart) is marked
 * as such and dropped by the next redrive. Short polls on AWS sample a subset of servers: a listing
 * of a large queue there may miss some messages; list again.
 */
public final class DeadLetterQueues {

  static final Duration LIST_HOLD = Duration.ofSeconds(30);
  static final Duration REDRIVE_HOLD = Duration.ofSeconds(60);
  private static final int PAGE = 10;

  private static final String TOOLING = "(dead-letter tooling)";

  private final SqsClient sqs;
  private final RedriveLog log;
  private final AttributeSeal seal;
  private final Clock clock;

  DeadLetterQueues(SqsClient sqs, RedriveLog log, AttributeSeal seal, Clock clock) {
    this.sqs = sqs;
    this.log = log;
    this.seal = seal;
    this.clock = clock;
  }

  /** What signs the attributes of the messages sent here, and tells a received message's signed ones. */
  AttributeSeal seal() {
    return seal;
  }

  /**
   * Sends the message to the queue's dead-letter queue with the reason attached, then deletes it from
   * the queue; false, with nothing done, when the queue has no dead-letter queue. {@code message}: as
   * {@link AttributeSeal#trusted} let it through.
   */
  boolean deadLetter(SourceQueue queue, Message message, String trigger, String reason, int receiveCount) {
    Optional<DeadLetterTarget> target = queue.deadLetters();
    if (target.isEmpty()) {
      return false;
    }
    sqs.sendMessage(r -> FifoMessages.inGroupOf(r, target.get().name(), message).queueUrl(target.get().url())
        .messageBody(message.body()).messageAttributes(seal.signed(message.body(),
            DeadLetterAttributes.deadLettered(message, trigger, queue.name(), reason, receiveCount, now()))));
    sqs.deleteMessage(r -> r.queueUrl(queue.url()).receiptHandle(message.receiptHandle()));
    return true;
  }

  /**
   * How many messages the dead-letter queue holds, as the queue counts them (approximately), without
   * receiving any: for a display that asks often, where a listing would hold the messages each time.
   */
  Depth depth(SourceQueue queue, DeadLetterTarget target) {
    Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(r -> r.queueUrl(target.url()).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
    return new Depth(queue.name(), target.name(), count(counts, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES),
        count(counts, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE),
        count(counts, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
  }

  private static int count(Map<QueueAttributeName, String> counts, QueueAttributeName name) {
    String value = counts.get(name);
    return value == null ? 0 : Integer.parseInt(value);
  }

  /** Up to {@code max} dead letters of the queue, oldest first, copies grouped; nothing consumed. */
  Listing list(SourceQueue queue, DeadLetterTarget target, int max) {
    List<Message> received = receive(target.url(), max, LIST_HOLD);
    try {
      Map<String, DeadLetter> byOrigin = new LinkedHashMap<>();
      for (Message message : received) {
        byOrigin.merge(DeadLetterAttributes.originalMessageId(message), describe(target, message),
            (first, copy) -> first.withCopies(first.copies() + 1));
      }
      return new Listing(queue.name(), target.name(), byOrigin.size(), received.size() >= max,
          List.copyOf(byOrigin.values()));
    } finally {
      release(target.url(), received);
    }
  }

  /**
   * Sends up to {@code max} dead letters back to the queue (only the one with {@code messageId} as
   * its id or original id, when given), each once: its body and attributes, with the id it was first
   * sent with, which keys its idempotency when its body has no business key. A message is deleted
   * from the dead-letter queue only after it was sent back and recorded: a redrive that stops
   * half-way sends a message at most twice, never loses one. Its attempts count on from the receives
   * of its earlier rounds, so that its status flag moves on from the last failed attempt.
   */
  RedriveReport redrive(SourceQueue queue, DeadLetterTarget target, int max, String messageId) {
    List<Message> received = receive(target.url(), max, REDRIVE_HOLD);
    List<Message> skipped = new ArrayList<>();
    Set<String> origins = new HashSet<>();
    List<String> moved = new ArrayList<>();
    int duplicates = 0;
    int alreadyRedriven = 0;
    for (Message message : received) {
      String origin = DeadLetterAttributes.originalMessageId(message);
      if (messageId != null && !messageId.equals(message.messageId()) && !messageId.equals(origin)) {
        skipped.add(message);
      } else if (log.find(target.name(), message.messageId()).isPresent()) {
        delete(target.url(), message);
        alreadyRedriven++;
      } else if (!origins.add(origin)) {
        delete(target.url(), message);
        duplicates++;
      } else {
        moved.add(sendBack(queue, target, message, origin));
      }
    }
    release(target.url(), skipped);
    return new RedriveReport(queue.name(), target.name(), moved.size(), duplicates, alreadyRedriven, moved);
  }

  private String sendBack(SourceQueue queue, DeadLetterTarget target, Message message, String origin) {
    String at = now();
    int attempts = DeadLetterAttributes.attemptsBefore(message) + receivesOfLastRound(message, target);
    String newId = sqs.sendMessage(r -> FifoMessages.inGroupOf(r, queue.name(), message).queueUrl(queue.url())
        .messageBody(message.body())
        .messageAttributes(seal.signed(message.body(), DeadLetterAttributes.redriven(message, at, attempts))))
        .messageId();
    log.record(new RedriveLog.Entry(target.name(), message.messageId(), origin, queue.name(), newId, at));
    delete(target.url(), message);
    return newId;
  }

  /**
   * The receives of the round that dead-lettered the message: as the trigger recorded them, or, for a
   * message the queue's redrive policy moved, its {@code maxReceiveCount}.
   */
  private static int receivesOfLastRound(Message message, DeadLetterTarget target) {
    int recorded = DeadLetterAttributes.receivesWhenDeadLettered(message);
    return recorded > 0 ? recorded : target.maxReceiveCount();
  }

  private DeadLetter describe(DeadLetterTarget target, Message message) {
    Map<String, String> attributes = new LinkedHashMap<>();
    message.messageAttributes().forEach((name, value) -> attributes.put(name, value.stringValue()));
    String sent = message.attributes().get(MessageSystemAttributeName.SENT_TIMESTAMP);
    String receives = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    return new DeadLetter(message.messageId(), DeadLetterAttributes.originalMessageId(message), 1, message.body(),
        DeadLetterAttributes.text(message, DeadLetterAttributes.REASON),
        sent == null ? null : Instant.ofEpochMilli(Long.parseLong(sent)).toString(),
        receives == null ? 0 : Integer.parseInt(receives),
        log.find(target.name(), message.messageId()).map(RedriveLog.Entry::redrivenAt).orElse(null),
        attributes);
  }

  private List<Message> receive(String url, int max, Duration hold) {
    List<Message> all = new ArrayList<>();
    while (all.size() < max) {
      int page = Math.min(PAGE, max - all.size());
      List<Message> got = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(page).waitTimeSeconds(0)
          .visibilityTimeout((int) hold.toSeconds())
          .messageSystemAttributeNames(MessageSystemAttributeName.SENT_TIMESTAMP,
              MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, MessageSystemAttributeName.MESSAGE_GROUP_ID)
          .messageAttributeNames("All")).messages();
      if (got.isEmpty()) {
        break;
      }
      got.forEach(message -> all.add(seal.trusted(TOOLING, queueName(url), message)));
    }
    return all;
  }

  /** Makes held messages visible again, ten per call. */
  private void release(String url, List<Message> messages) {
    for (int from = 0; from < messages.size(); from += PAGE) {
      List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
      List<Message> page = messages.subList(from, Math.min(messages.size(), from + PAGE));
      for (int i = 0; i < page.size(); i++) {
        entries.add(ChangeMessageVisibilityBatchRequestEntry.builder().id("m" + i)
            .receiptHandle(page.get(i).receiptHandle()).visibilityTimeout(0).build());
      }
      sqs.changeMessageVisibilityBatch(r -> r.queueUrl(url).entries(entries));
    }
  }

  private static String queueName(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  private void delete(String url, Message message) {
    sqs.deleteMessage(r -> r.queueUrl(url).receiptHandle(message.receiptHandle()));
  }

  private String now() {
    return clock.instant().toString();
  }

  /**
   * A dead letter as listed: its id, the id it was first sent with, how many copies of it the queue
   * holds, its body, why it was dead-lettered (when the trigger did it), when it was sent to the
   * dead-letter queue, its receive count there, when it was already redriven (a copy left behind),
   * and its attributes.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record DeadLetter(String messageId, String originalMessageId, int copies, String body, String reason,
      String sentAt, int receiveCount, String alreadyRedrivenAt, Map<String, String> attributes) {

    DeadLetter withCopies(int count) {
      return new DeadLetter(messageId, originalMessageId, count, body, reason, sentAt, receiveCount, alreadyRedrivenAt,
          attributes);
    }
  }

  /**
   * The dead-letter queue's counts: messages waiting, held by a receiver (a listing or redrive going
   * on), and delayed.
   */
  public record Depth(String queue, String deadLetterQueue, int waiting, int held, int delayed) {}

  /** A listing: the queue, its dead-letter queue, the dead letters (copies grouped), whether there may be more. */
  public record Listing(String queue, String deadLetterQueue, int count, boolean truncated, List<DeadLetter> messages) {}

  /**
   * What a redrive did: messages sent back (with their new ids), extra copies dropped, and dead letters
   * dropped because they had been redriven before.
   */
  public record RedriveReport(String queue, String deadLetterQueue, int moved, int duplicatesDropped,
      int alreadyRedrivenDropped, List<String> newMessageIds) {}
}
