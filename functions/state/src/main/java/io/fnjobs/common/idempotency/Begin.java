package io.fnjobs.common.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** What {@link IdempotencyStore#begin} answers. */
public sealed interface Begin {

  /** The key is now held by this invocation: run the work, then complete or release with the lease. */
  record Proceed(Lease lease) implements Begin {}

  /** The work already ran for this key: here is its stored result; do not run it again. */
  record AlreadyCompleted(JsonNode result) implements Begin {}

  /** Another invocation holds the key: try again after {@code retryAfter}. */
  record InProgress(Duration retryAfter) implements Begin {}

  /** The hold of one invocation on one key: what complete and release need. */
  record Lease(String key, String recordKey, String payloadHash, String owner, String etag) {}
}
