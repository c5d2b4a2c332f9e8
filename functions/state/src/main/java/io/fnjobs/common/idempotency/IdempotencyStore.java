package io.fnjobs.common.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * Makes an invocation's effects happen once per idempotency key, on object storage alone.
 *
 * <p>{@link #begin} takes the key for one invocation until its deadline; {@link #complete} stores the
 * result, which later invocations with the key get back instead of running; {@link #release} gives the
 * key up after a failure, so a retry may run. An invocation that crashes holds the key only until its
 * deadline.
 */
public interface IdempotencyStore {

  /**
   * Takes {@code key} for an invocation whose payload hashes to {@code payloadHash}, until
   * {@code deadline}.
   *
   * @throws PayloadMismatchException when the key was used with another payload; nothing is written
   */
  Begin begin(String key, String payloadHash, Instant deadline);

  /**
   * Records the result of the work under the lease's key.
   *
   * @throws LostOwnershipException when another invocation took the key over after the deadline
   */
  void complete(Begin.Lease lease, JsonNode result);

  /** Gives the key up after a failed invocation, so that a retry may run at once. */
  void release(Begin.Lease lease);
}
