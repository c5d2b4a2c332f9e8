package io.fnjobs.common.idempotency;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the store keeps per idempotency key: the payload hash, whether the work is in progress or
 * completed, until when the record holds (epoch milliseconds: the invocation deadline while in
 * progress, the retention once completed), once completed the result, and which {@code begin} wrote
 * it (a random token, so that a create whose answer was lost, and retried, is known as one's own).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record IdempotencyRecord(
    String key, String payloadHash, Status status, long expiresAtMillis, JsonNode result, String owner) {

  enum Status {
    IN_PROGRESS,
    COMPLETED
  }

  boolean expiredAt(long nowMillis) {
    return nowMillis >= expiresAtMillis;
  }
}
