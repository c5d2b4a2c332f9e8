package io.fnjobs.common.idempotency;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.idempotency.Begin.Lease;
import io.fnjobs.common.idempotency.IdempotencyRecord.Status;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.Decision;
import io.fnjobs.common.store.RaceLimit;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.common.store.VersionedDocuments;
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

  private final VersionedDocuments<IdempotencyRecord> records;
  private final Clock clock;
  private final Duration retention;

  /**
   * @param retention how long a completed record answers duplicates; after that the nightly cleanup
   *     removes it and the key would run again
   */
  public ObjectStoreIdempotencyStore(ConditionalStore store, Clock clock, Duration retention) {
    this.records = new VersionedDocuments<>(store, IdempotencyRecord.class, "idempotency record");
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
    IdempotencyRecord held = new IdempotencyRecord(key, payloadHash, owner, Status.IN_PROGRESS, deadline.toEpochMilli(), null);
    // a new key is the common case: create first, read only when it exists
    return records.updateFrom(recordKey, Optional.empty(), current -> {
      if (current.isEmpty()) {
        return Decision.write(held, written -> proceed(key, recordKey, payloadHash, owner, written.etag()));
      }
      IdempotencyRecord existing = current.get().value();
      if (owner.equals(existing.owner()) && existing.status() == Status.IN_PROGRESS) {
        // our own create went through, but its answer was lost and the client retried it
        return Decision.leave(() -> proceed(key, recordKey, payloadHash, owner, current.get().etag()));
      }
      long now = clock.millis();
      boolean forgotten = existing.status() == Status.COMPLETED && existing.expiredAt(now);
      if (!forgotten && !existing.payloadHash().equals(payloadHash)) {
        throw new PayloadMismatchException(key, existing.payloadHash(), payloadHash);
      }
      if (existing.expiredAt(now)) {
        return Decision.write(held, written -> proceed(key, recordKey, payloadHash, owner, written.etag()));
      }
      if (existing.status() == Status.COMPLETED) {
        return Decision.leave(() -> new Begin.AlreadyCompleted(existing.result()));
      }
      return Decision.leave(() -> new Begin.InProgress(Duration.ofMillis(existing.expiresAtMillis() - now)));
    }, RaceLimit.SHARED);
  }

  private static Begin proceed(String key, String recordKey, String payloadHash, String owner, String etag) {
    return new Begin.Proceed(new Lease(key, recordKey, payloadHash, owner, etag));
  }

  @Override
  public void complete(Lease lease, JsonNode result) {
    long expires = clock.instant().plus(retention).toEpochMilli();
    IdempotencyRecord completed = new IdempotencyRecord(lease.key(), lease.payloadHash(), lease.owner(), Status.COMPLETED, expires, result);
    try {
      records.write(lease.recordKey(), completed, lease.etag());
    } catch (PreconditionFailedException e) {
      if (!writtenBy(lease, Status.COMPLETED)) {
        throw new LostOwnershipException(lease.key());
      }
    }
  }

  /** Whether the record now holds {@code status} written by the lease's owner: a retried request of ours. */
  private boolean writtenBy(Lease lease, Status status) {
    return records.read(lease.recordKey())
        .map(Versioned::value)
        .filter(record -> lease.owner().equals(record.owner()) && record.status() == status)
        .isPresent();
  }

  @Override
  public void release(Lease lease) {
    IdempotencyRecord expired = new IdempotencyRecord(lease.key(), lease.payloadHash(), lease.owner(), Status.IN_PROGRESS, 0, null);
    try {
      records.write(lease.recordKey(), expired, lease.etag());
    } catch (PreconditionFailedException alreadyTakenOver) {
      // another invocation holds the key now: nothing of ours to give up
    }
  }
}
