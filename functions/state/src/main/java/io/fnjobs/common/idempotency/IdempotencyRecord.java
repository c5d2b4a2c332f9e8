package io.fnjobs.common.idempotency;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the store keeps per idempotency key: the payload hash, whether the work is in progress or
 * completed, until when the record holds (epoch milliseconds: the invocation deadline while in
 * progress, the retention once completed) and, once completed, the result. {@code owner} is a token of
 * the invocation that wrote it, so that an invocation can recognise its own write when a request whose
 * answer was lost is retried.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
record IdempotencyRecord(
    String key, String payloadHash, String owner, Status status, long expiresAtMillis, JsonNode result) {

  enum Status {
    IN_PROGRESS,
    COMPLETED
  }

  boolean expiredAt(long nowMillis) {
    return nowMillis >= expiresAtMillis;
  }
}
