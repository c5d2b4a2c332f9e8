package io.fnjobs.triggers.queue;

import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

/**
 * What sending to a FIFO queue takes: SQS refuses a message without a group id, and one without a
 * deduplication id unless the queue deduplicates by content. The trigger layer sends a message it
 * received on (to a dead-letter queue, back from one) in its group, deduplicated by the id of the
 * copy it sends on from, so that a send repeated within SQS's five-minute window (a move that stopped
 * between sending and deleting, then ran again) leaves one copy.
 */
final class FifoMessages {

  /** The suffix SQS requires of a FIFO queue's name, and allows for no other queue. */
  static final String SUFFIX = ".fifo";

  private FifoMessages() {}

  static boolean isFifo(String queueName) {
    return queueName.endsWith(SUFFIX);
  }

  /**
   * The send to {@code queue} of a message received as {@code from}: in {@code from}'s group and
   * deduplicated by its id when {@code queue} is a FIFO queue; unchanged for a standard queue.
   *
   * @throws IllegalStateException when {@code from} was received without its group id
   */
  static SendMessageRequest.Builder inGroupOf(SendMessageRequest.Builder send, String queue, Message from) {
    if (!isFifo(queue)) {
      return send;
    }
    String group = from.attributes().get(MessageSystemAttributeName.MESSAGE_GROUP_ID);
    if (group == null) {
      throw new IllegalStateException("message " + from.messageId() + " for FIFO queue " + queue
          + " was received without its MessageGroupId");
    }
    return send.messageGroupId(group).messageDeduplicationId(from.messageId());
  }
}
