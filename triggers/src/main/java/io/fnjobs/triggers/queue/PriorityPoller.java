package io.fnjobs.triggers.queue;

import io.fnjobs.triggers.definition.QueueSource;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Receives the next batch for a consumer from a trigger's queues, higher priority first.
 *
 * <p>The policy: before each batch a consumer asks every queue in priority order, without waiting,
 * and takes the first that has messages; so while a higher-priority queue has messages, no consumer
 * takes from a lower one, and a backlog is drained from the top. When all are empty, the consumer
 * long-polls one queue for up to {@code waitTime}: consumer {@code i} waits on queue
 * {@code i mod n}, so that with at least as many consumers as queues every queue has a consumer
 * waiting on it and a new message anywhere is taken at once. A single queue is only long-polled.
 *
 * <p>On AWS a receive that does not wait samples a subset of the queue's servers and may come back
 * empty though the queue has a few messages: a lower queue may then be served a little early.
 */
final class PriorityPoller {

  private final SqsClient receiver;
  private final List<SourceQueue> queues;
  private final QueueSource source;

  PriorityPoller(SqsClient receiver, List<SourceQueue> queues, QueueSource source) {
    this.receiver = receiver;
    this.queues = List.copyOf(queues);
    this.source = source;
  }

  Batch poll(int consumer) {
    if (queues.size() > 1) {
      for (SourceQueue queue : queues) {
        List<Message> messages = receive(queue, Duration.ZERO);
        if (!messages.isEmpty()) {
          return new Batch(queue, messages);
        }
      }
    }
    SourceQueue home = queues.get(consumer % queues.size());
    return new Batch(home, receive(home, source.waitTime()));
  }

  private List<Message> receive(SourceQueue queue, Duration wait) {
    return receiver.receiveMessage(r -> r.queueUrl(queue.url())
        .maxNumberOfMessages(source.batchSize())
        .waitTimeSeconds((int) wait.toSeconds())
        .visibilityTimeout((int) source.visibilityTimeout().toSeconds())
        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
            MessageSystemAttributeName.SENT_TIMESTAMP)
        .messageAttributeNames("All")).messages();
  }

  /** Messages received together from one queue. */
  record Batch(SourceQueue queue, List<Message> messages) {}
}
