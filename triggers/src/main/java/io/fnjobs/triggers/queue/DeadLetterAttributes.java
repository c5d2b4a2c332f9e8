package io.fnjobs.triggers.queue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The message attributes the queue trigger sets: on a message it sends to a dead-letter queue
 * itself (why, from where, when), and on a message redriven back to its source queue (the id it was
 * first sent with, which its idempotency key falls back to, and how many receives it had in earlier
 * rounds, which its attempts count on from). SQS allows ten attributes per message:
 * the message's own attributes are kept as far as that limit allows, ours first.
 */
final class DeadLetterAttributes {

  static final String REASON = "fnjobs-reason";
  static final String TRIGGER = "fnjobs-trigger";
  static final String SOURCE_QUEUE = "fnjobs-source-queue";
  static final String ORIGINAL_MESSAGE_ID = "fnjobs-original-message-id";
  static final String RECEIVE_COUNT = "fnjobs-receive-count";
  static final String DEAD_LETTERED_AT = "fnjobs-dead-lettered-at";
  static final String REDRIVEN_AT = "fnjobs-redriven-at";
  static final String ATTEMPTS_BEFORE = "fnjobs-attempts-before";

  /** What a dead-lettering says; dropped again when the message is redriven. */
  private static final Set<String> DEAD_LETTERING =
      Set.of(REASON, TRIGGER, SOURCE_QUEUE, RECEIVE_COUNT, DEAD_LETTERED_AT, REDRIVEN_AT);
  private static final int MAX_ATTRIBUTES = 10;
  private static final int MAX_REASON = 1_000;

  private DeadLetterAttributes() {}

  /** The id the message was first sent with: kept across dead-lettering and redrives. */
  static String originalMessageId(Message message) {
    MessageAttributeValue original = message.messageAttributes().get(ORIGINAL_MESSAGE_ID);
    return original != null && original.stringValue() != null ? original.stringValue() : message.messageId();
  }

  /** The receives a redriven message had in its earlier rounds; 0 for one never redriven. */
  static int attemptsBefore(Message message) {
    return number(message, ATTEMPTS_BEFORE);
  }

  /** The receives a dead letter had in the round that dead-lettered it, when the trigger did it; else 0. */
  static int receivesWhenDeadLettered(Message message) {
    return number(message, RECEIVE_COUNT);
  }

  private static int number(Message message, String name) {
    try {
      String value = text(message, name);
      return value == null ? 0 : Math.max(0, Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  static String text(Message message, String name) {
    MessageAttributeValue value = message.messageAttributes().get(name);
    return value == null ? null : value.stringValue();
  }

  /** A message's attributes for the dead-letter queue: ours, then its own as far as they fit. */
  static Map<String, MessageAttributeValue> deadLettered(Message message, String trigger, String queue,
      String reason, int receiveCount, String at) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attributes.put(REASON, string(reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason));
    attributes.put(TRIGGER, string(trigger));
    attributes.put(SOURCE_QUEUE, string(queue));
    attributes.put(ORIGINAL_MESSAGE_ID, string(originalMessageId(message)));
    attributes.put(RECEIVE_COUNT, MessageAttributeValue.builder().dataType("Number").stringValue(String.valueOf(receiveCount)).build());
    attributes.put(DEAD_LETTERED_AT, string(at));
    return withOwn(attributes, message);
  }

  /**
   * A dead letter's attributes for its way back: its own, without the dead-lettering, with its first
   * id and the receives of all its rounds so far.
   */
  static Map<String, MessageAttributeValue> redriven(Message message, String at, int attemptsBefore) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attributes.put(ORIGINAL_MESSAGE_ID, string(originalMessageId(message)));
    attributes.put(REDRIVEN_AT, string(at));
    attributes.put(ATTEMPTS_BEFORE, MessageAttributeValue.builder().dataType("Number")
        .stringValue(String.valueOf(attemptsBefore)).build());
    return withOwn(attributes, message);
  }

  private static Map<String, MessageAttributeValue> withOwn(Map<String, MessageAttributeValue> ours, Message message) {
    message.messageAttributes().forEach((name, value) -> {
      if (!DEAD_LETTERING.contains(name) && !ours.containsKey(name) && ours.size() < MAX_ATTRIBUTES) {
        ours.put(name, value);
      }
    });
    return ours;
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
