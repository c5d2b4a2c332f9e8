package io.fnjobs.triggers.queue;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * The message attributes the queue trigger sets: on a message it sends to a dead-letter queue
 * itself (why, from where, when); on a message redriven back to its source queue (the id it was
 * first sent with, which its idempotency key falls back to, and how many receives it had in earlier
 * rounds, which its attempts count on from); and on the copy of a deferred message it sends back to
 * its queue (the first id, the attempts before, those of them made in the current round, which
 * count against the trigger's limit, and the deferrals so far). SQS allows ten attributes per message:
 * the message's own attributes are kept as far as that limit allows, ours first, and one left for the
 * signature that makes ours unforgeable ({@link AttributeSeal}), which the sender adds. Read these only
 * from a message {@link AttributeSeal#trusted} let through.
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
  static final String ROUND_ATTEMPTS_BEFORE = "fnjobs-round-attempts-before";
  static final String DEFERRALS = "fnjobs-deferrals";

  /** What a dead-lettering says; dropped again when the message is redriven. */
  private static final Set<String> DEAD_LETTERING =
      Set.of(REASON, TRIGGER, SOURCE_QUEUE, RECEIVE_COUNT, DEAD_LETTERED_AT, REDRIVEN_AT);
  /** What counts within one round of a message; dropped when a redrive starts a new round. */
  private static final Set<String> ROUND = Set.of(ROUND_ATTEMPTS_BEFORE, DEFERRALS);
  // SQS's ten, but one for the signature
  private static final int MAX_ATTRIBUTES = 9;
  private static final int MAX_REASON = 1_000;

  private DeadLetterAttributes() {}

  /** The id the message was first sent with: kept across dead-lettering and redrives. */
  static String originalMessageId(Message message) {
    MessageAttributeValue original = message.messageAttributes().get(ORIGINAL_MESSAGE_ID);
    return original != null && original.stringValue() != null ? original.stringValue() : message.messageId();
  }

  /**
   * The attempts made before this copy of the message: the receives of its earlier rounds, and of the
   * copies a deferral replaced; 0 for a message never redriven nor deferred.
   */
  static int attemptsBefore(Message message) {
    return number(message, ATTEMPTS_BEFORE);
  }

  /** Of {@link #attemptsBefore}, those made in the current round: they count against the trigger's limit. */
  static int roundAttemptsBefore(Message message) {
    return number(message, ROUND_ATTEMPTS_BEFORE);
  }

  /** How often the function deferred the message in its current round. */
  static int deferrals(Message message) {
    return number(message, DEFERRALS);
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
    attributes.put(RECEIVE_COUNT, numberValue(receiveCount));
    attributes.put(DEAD_LETTERED_AT, string(at));
    return withOwn(attributes, message, DEAD_LETTERING);
  }

  /**
   * A dead letter's attributes for its way back: its own, without the dead-lettering, with its first
   * id and the receives of all its rounds so far.
   */
  static Map<String, MessageAttributeValue> redriven(Message message, String at, int attemptsBefore) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attributes.put(ORIGINAL_MESSAGE_ID, string(originalMessageId(message)));
    attributes.put(REDRIVEN_AT, string(at));
    attributes.put(ATTEMPTS_BEFORE, numberValue(attemptsBefore));
    Set<String> dropped = new HashSet<>(DEAD_LETTERING);
    dropped.addAll(ROUND);
    return withOwn(attributes, message, dropped);
  }

  /**
   * A deferred message's attributes for the copy that replaces it: its own, with its first id, the
   * attempts made so far ({@code attemptsMade} of them on this copy) and one deferral more.
   */
  static Map<String, MessageAttributeValue> deferred(Message message, int attemptsMade) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attributes.put(ORIGINAL_MESSAGE_ID, string(originalMessageId(message)));
    attributes.put(ATTEMPTS_BEFORE, numberValue(attemptsBefore(message) + attemptsMade));
    attributes.put(ROUND_ATTEMPTS_BEFORE, numberValue(roundAttemptsBefore(message) + attemptsMade));
    attributes.put(DEFERRALS, numberValue(deferrals(message) + 1));
    return withOwn(attributes, message, Set.of());
  }

  private static Map<String, MessageAttributeValue> withOwn(Map<String, MessageAttributeValue> ours, Message message,
      Set<String> dropped) {
    message.messageAttributes().forEach((name, value) -> {
      boolean signature = name.equals(AttributeSeal.SIGNATURE);
      if (!signature && !dropped.contains(name) && !ours.containsKey(name) && ours.size() < MAX_ATTRIBUTES) {
        ours.put(name, value);
      }
    });
    return ours;
  }

  private static MessageAttributeValue numberValue(int value) {
    return MessageAttributeValue.builder().dataType("Number").stringValue(String.valueOf(value)).build();
  }

  private static MessageAttributeValue string(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }
}
