package io.fnjobs.triggers.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.json.Json;
import java.io.IOException;

/**
 * A queue's {@code RedrivePolicy} attribute: the ARN of its dead-letter queue and after how many
 * receives a message goes there, e.g.
 * {@code {"deadLetterTargetArn":"arn:aws:sqs:us-east-1:000000000000:orders-dlq","maxReceiveCount":"5"}}.
 */
record RedrivePolicy(String deadLetterQueue, int maxReceiveCount) {

  /** @throws IllegalArgumentException naming the queue, when the attribute cannot be read */
  static RedrivePolicy parse(String queue, String attribute) {
    try {
      JsonNode policy = Json.MAPPER.readTree(attribute);
      String arn = policy.path("deadLetterTargetArn").asText("");
      int maxReceiveCount = policy.path("maxReceiveCount").asInt(0);
      if (arn.lastIndexOf(':') < 0 || arn.endsWith(":") || maxReceiveCount < 1) {
        throw new IllegalArgumentException("no deadLetterTargetArn or maxReceiveCount");
      }
      return new RedrivePolicy(arn.substring(arn.lastIndexOf(':') + 1), maxReceiveCount);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("queue " + queue + " has a RedrivePolicy that cannot be read ("
          + e.getMessage() + "): " + attribute, e);
    }
  }
}
