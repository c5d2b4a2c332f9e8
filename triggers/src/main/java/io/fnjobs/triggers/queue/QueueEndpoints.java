package io.fnjobs.triggers.queue;

import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Resolves a queue name to its URL and its dead-letter queue, as the queue service knows them. */
final class QueueEndpoints {

  private QueueEndpoints() {}

  static SourceQueue resolve(SqsClient sqs, String name) {
    String url = sqs.getQueueUrl(r -> r.queueName(name)).queueUrl();
    String attribute = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.REDRIVE_POLICY))
        .attributes().get(QueueAttributeName.REDRIVE_POLICY);
    if (attribute == null || attribute.isBlank()) {
      return new SourceQueue(name, url, null);
    }
    RedrivePolicy policy = RedrivePolicy.parse(name, attribute);
    String deadLetterUrl = sqs.getQueueUrl(r -> r.queueName(policy.deadLetterQueue())).queueUrl();
    return new SourceQueue(name, url,
        new SourceQueue.DeadLetterTarget(policy.deadLetterQueue(), deadLetterUrl, policy.maxReceiveCount()));
  }
}
