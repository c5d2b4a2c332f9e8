package io.fnjobs.triggers.blob;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.common.store.VersionedObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** {@link Receipts} in the state bucket, at {@link StateLayout#receipt}. */
public final class ObjectStoreReceipts implements Receipts {

  private static final String CONTENT_TYPE = "application/json";
  // each lost race means another instance made progress; this many in a row means something is wrong
  private static final int MAX_RACES = 32;

  private final S3Client s3;
  private final ConditionalStore store;
  private final Clock clock;

  public ObjectStoreReceipts(S3Client s3, String stateBucket, Clock clock) {
    this(s3, new S3ConditionalStore(s3, stateBucket), clock);
  }

  /** Receipts written through {@code store}, which must be on the bucket {@code s3} lists. */
  ObjectStoreReceipts(S3Client s3, ConditionalStore store, Clock clock) {
    this.s3 = s3;
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Claim claim(String trigger, ObjectChange change, String holder, Instant holdUntil) {
    return take(trigger, change, holder, holdUntil, false);
  }

  @Override
  public Claim reopen(String trigger, ObjectChange change, String holder, Instant holdUntil) {
    return take(trigger, change, holder, holdUntil, true);
  }

  private Claim take(String trigger, ObjectChange change, String holder, Instant holdUntil, boolean reopenDeadLetter) {
    String key = keyOf(trigger, change);
    String claim = UUID.randomUUID().toString();
    for (int race = 0; race < MAX_RACES; race++) {
      Instant now = clock.instant();
      Receipt fresh = Receipt.processing(trigger, change, holder, holdUntil, now, claim);
      try {
        return new Claim.Held(fresh, store.create(key, Json.write(fresh), CONTENT_TYPE));
      } catch (PreconditionFailedException exists) {
        // another event, sweep or instance got there first: look at what it left
      }
      Optional<VersionedObject> current = store.read(key);
      if (current.isEmpty()) {
        continue;
      }
      Receipt existing = parse(key, current.get());
      if (claim.equals(existing.claim())) {
        // our own create went through, but its answer was lost and the client's retry met it
        return new Claim.Held(existing, current.get().etag());
      }
      boolean replay = reopenDeadLetter && existing.state() == Receipt.State.deadLettered;
      if (existing.state().settled() && !replay) {
        return new Claim.Settled(existing);
      }
      if (existing.heldAt(now)) {
        return new Claim.HeldElsewhere(existing);
      }
      Receipt takeover = existing.heldBy(holder, existing.attempts(), holdUntil, now).claimedAs(claim);
      if (replay) {
        takeover = takeover.withoutDeferrals();
      }
      try {
        return new Claim.Held(takeover, store.replace(key, Json.write(takeover), CONTENT_TYPE, current.get().etag()));
      } catch (PreconditionFailedException takenFirst) {
        // another instance took it over first: look again
      }
    }
    throw new IllegalStateException("the receipt " + store.bucket() + "/" + key + " lost " + MAX_RACES
        + " races in a row: is something rewriting it in a loop?");
  }

  @Override
  public Claim.Held hold(Claim.Held held, int attempts, Instant holdUntil) {
    Receipt renewed = held.receipt().heldBy(held.receipt().holder(), attempts, holdUntil, clock.instant());
    return new Claim.Held(renewed, replace(held, renewed));
  }

  @Override
  public Claim.Held defer(Claim.Held held, Instant holdUntil, String detail) {
    Receipt deferred = held.receipt().deferredUntil(holdUntil, clock.instant(), detail);
    return new Claim.Held(deferred, replace(held, deferred));
  }

  @Override
  public void settle(Claim.Held held, int attempts, Receipt.State state, String detail) {
    replace(held, held.receipt().settled(attempts, state, detail, clock.instant()));
  }

  private String replace(Claim.Held held, Receipt next) {
    String key = StateLayout.receipt(next.trigger(), next.bucket(), next.key(), next.version());
    try {
      return store.replace(key, Json.write(next), CONTENT_TYPE, held.etag());
    } catch (PreconditionFailedException e) {
      // our own write may have gone through with its answer lost, the client's retry meeting it
      Optional<VersionedObject> current = store.read(key);
      if (current.isPresent() && parse(key, current.get()).equals(next)) {
        return current.get().etag();
      }
      throw new LostClaimException(store.bucket() + "/" + key);
    }
  }

  @Override
  public void forget(Claim.Held held) {
    Receipt receipt = held.receipt();
    store.delete(StateLayout.receipt(receipt.trigger(), receipt.bucket(), receipt.key(), receipt.version()));
  }

  @Override
  public Optional<Receipt> find(String trigger, ObjectChange change) {
    String key = keyOf(trigger, change);
    return store.read(key).map(object -> parse(key, object));
  }

  @Override
  public int forgetOtherVersions(String trigger, String bucket, String key, String keepVersion) {
    String prefix = StateLayout.receipts(trigger, bucket, key);
    String keep = StateLayout.receipt(trigger, bucket, key, keepVersion);
    int forgotten = 0;
    for (S3Object receipt : s3.listObjectsV2Paginator(r -> r.bucket(store.bucket()).prefix(prefix)).contents()) {
      if (!receipt.key().equals(keep)) {
        store.delete(receipt.key());
        forgotten++;
      }
    }
    return forgotten;
  }

  private static String keyOf(String trigger, ObjectChange change) {
    return StateLayout.receipt(trigger, change.bucket(), change.key(), change.version());
  }

  private Receipt parse(String key, VersionedObject object) {
    return Json.read(object.bytes(), Receipt.class, store.bucket() + "/" + key);
  }
}
