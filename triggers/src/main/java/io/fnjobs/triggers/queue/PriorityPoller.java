package io.fnjobs.triggers.queue;

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
 *
 * <p>A long poll waits no longer than the trigger layer's stop wait: a stop cuts the trigger's own side
 * of a poll short, but a queue server may wait for the polls still open before it stops (the embedded
 * ElasticMQ does), which must not hold a stop up longer than the stop wait itself.
 *
 * <p>A FIFO queue is received one message at a time, whatever {@code batchSize}: a batch may bring
 * several messages of one group, and a message after one of its group that fails must not run before
 * it, but handing it back would count a receive (which the attempts and the queue's redrive policy
 * count) for an attempt never made. One at a time, the queue hands out only the first message of a
 * group while none of it is in flight, and one group's message never waits in a batch behind another
 * group's.
 */
final class PriorityPoller {

  private final SqsClient receiver;
  private final List<SourceQueue> queues;
  private final QueueSource source;
  private final Duration longPoll;

  PriorityPoller(SqsClient receiver, List<SourceQueue> queues, QueueSource source, Duration stopWait) {
    this.receiver = receiver;
    this.queues = List.copyOf(queues);
    this.source = source;
    this.longPoll = source.waitTime().compareTo(stopWait) > 0 ? stopWait : source.waitTime();
  }

  /** Whether an empty poll waited for messages; if not, the caller pauses before polling again. */
  boolean waits() {
    return longPoll.toSeconds() > 0;
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
    return new Batch(home, receive(home, longPoll));
  }

  private List<Message> receive(SourceQueue queue, Duration wait) {
    return receiver.receiveMessage(r -> r.queueUrl(queue.url())
        .maxNumberOfMessages(queue.fifo() ? 1 : source.batchSize())
        .waitTimeSeconds((int) wait.toSeconds())
        .visibilityTimeout((int) source.visibilityTimeout().toSeconds())
        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
            MessageSystemAttributeName.SENT_TIMESTAMP, MessageSystemAttributeName.MESSAGE_GROUP_ID)
        .messageAttributeNames("All")).messages();
  }

  /** Messages received together from one queue. */
  record Batch(SourceQueue queue, List<Message> messages) {}
}
