package io.fnjobs.common.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.idempotency.Begin.Lease;
import io.fnjobs.common.idempotency.IdempotencyRecord.Status;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.VersionedObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link IdempotencyStore} with one record per key at {@code idempotency/<sha-256 of the key>.json}:
 * created with {@code If-None-Match: *}, then only replaced with {@code If-Match} on the ETag read, so
 * that of concurrent invocations exactly one takes the key.
 */
public final class ObjectStoreIdempotencyStore implements IdempotencyStore {

  private static final String CONTENT_TYPE = "application/json";
  // each lost race means another writer made progress; this many in a row means something is wrong
  private static final int MAX_RACES = 32;

  private final ConditionalStore store;
  private final Clock clock;
  private final Duration retention;

  /**
   * @param retention how long a completed record answers duplicates; after that the nightly cleanup
   *     removes it and the key would run again
   */
  public ObjectStoreIdempotencyStore(ConditionalStore store, Clock clock, Duration retention) {
    this.store = store;
    this.clock = clock;
    this.retention = retention;
  }

  public static String recordKey(String key) {
    return StateLayout.idempotencyRecord(key);
  }

  @Override
  public Begin begin(String key, String payloadHash, Instant deadline) {
    String recordKey = recordKey(key);
    String owner = UUID.randomUUID().toString();
    byte[] held = Json.write(new IdempotencyRecord(key, payloadHash, Status.IN_PROGRESS, deadline.toEpochMilli(), null,
        owner));
    for (int race = 0; race < MAX_RACES; race++) {
      try {
        return proceed(key, recordKey, payloadHash, store.create(recordKey, held, CONTENT_TYPE));
      } catch (PreconditionFailedException exists) {
        // someone holds or held the key: look at what they left
      }
      Optional<VersionedObject> current = store.read(recordKey);
      if (current.isEmpty()) {
        continue;
      }
      IdempotencyRecord existing = Json.read(current.get().bytes(), IdempotencyRecord.class, store.bucket() + "/" + recordKey);
      if (owner.equals(existing.owner())) {
        // our own create went through, but its answer was lost and the client's retry met it
        return proceed(key, recordKey, payloadHash, current.get().etag());
      }
      long now = clock.millis();
      boolean forgotten = existing.status() == Status.COMPLETED && existing.expiredAt(now);
      if (!forgotten && !existing.payloadHash().equals(payloadHash)) {
        throw new PayloadMismatchException(key, existing.payloadHash(), payloadHash);
      }
      if (existing.expiredAt(now)) {
        try {
          return proceed(key, recordKey, payloadHash, store.replace(recordKey, held, CONTENT_TYPE, current.get().etag()));
        } catch (PreconditionFailedException takenOverFirst) {
          continue;
        }
      }
      if (existing.status() == Status.COMPLETED) {
        return new Begin.AlreadyCompleted(existing.result());
      }
      return new Begin.InProgress(Duration.ofMillis(existing.expiresAtMillis() - now));
    }
    throw new IllegalStateException("idempotency key '" + key + "' lost " + MAX_RACES + " races in a row in "
        + store.bucket() + "/" + recordKey + ": is something rewriting it in a loop?");
  }

  private static Begin proceed(String key, String recordKey, String payloadHash, String etag) {
    return new Begin.Proceed(new Lease(key, recordKey, payloadHash, etag));
  }

  @Override
  public void complete(Lease lease, JsonNode result) {
    long expires = clock.instant().plus(retention).toEpochMilli();
    byte[] completed = Json.write(new IdempotencyRecord(lease.key(), lease.payloadHash(), Status.COMPLETED, expires, result,
        null));
    try {
      store.replace(lease.recordKey(), completed, CONTENT_TYPE, lease.etag());
    } catch (PreconditionFailedException e) {
      throw new LostOwnershipException(lease.key());
    }
  }

  @Override
  public void release(Lease lease) {
    byte[] expired = Json.write(new IdempotencyRecord(lease.key(), lease.payloadHash(), Status.IN_PROGRESS, 0, null, null));
    try {
      store.replace(lease.recordKey(), expired, CONTENT_TYPE, lease.etag());
    } catch (PreconditionFailedException alreadyTakenOver) {
      // another invocation holds the key now: nothing of ours to give up
    }
  }
}
