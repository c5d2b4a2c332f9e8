package io.fnjobs.localdev.sqs;

import java.util.Optional;

/**
 * What SQS refuses for size, with its answers: a message over a queue's {@code MaximumMessageSize},
 * and a batch whose messages together are over it. Every queue here has SQS's default, 262,144 bytes
 * (256 KiB); ElasticMQ itself takes up to 1 MiB and no limit on a batch.
 */
final class MessageSizeLimit {

  static final int MAX_BYTES = 262_144;

  private MessageSizeLimit() {}

  /** How SQS answers {@code request}, or empty when its size is within the limit. */
  static Optional<SqsError> refusal(SendRequest request) {
    if (request.batch()) {
      int total = request.totalSize();
      return total <= MAX_BYTES ? Optional.empty() : Optional.of(new SqsError("BatchRequestTooLong",
          "AWS.SimpleQueueService.BatchRequestTooLong",
          "Batch requests cannot be longer than " + MAX_BYTES + " bytes. You have sent " + total + " bytes."));
    }
    return request.totalSize() <= MAX_BYTES ? Optional.empty() : Optional.of(new SqsError("InvalidParameterValue",
        "InvalidParameterValue",
        "One or more parameters are invalid. Reason: Message must be shorter than " + MAX_BYTES + " bytes."));
  }
}
