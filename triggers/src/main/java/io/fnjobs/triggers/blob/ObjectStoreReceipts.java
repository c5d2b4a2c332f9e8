package io.fnjobs.triggers.blob;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.Decision;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.common.store.RaceLimit;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.common.store.VersionedDocuments;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link Receipts} in the state bucket, at {@link StateLayout#receipt}; the notes of the receipts an
 * instance holds at {@link StateLayout#receiptHold}, each with the change it was claimed for. A note is
 * written after its receipt is taken and deleted after it is settled, forgotten or lost: an instance
 * that dies between the two writes leaves a receipt without note, which waits for its hold as before
 * (or for the sweep, which also takes what an earlier start left).
 */
public final class ObjectStoreReceipts implements Receipts {

  private static final Logger LOG = LoggerFactory.getLogger(ObjectStoreReceipts.class);

  private static final String CONTENT_TYPE = "application/json";

  private final S3Client s3;
  private final ConditionalStore store;
  private final VersionedDocuments<Receipt> receipts;
  private final Clock clock;

  public ObjectStoreReceipts(S3Client s3, String stateBucket, Clock clock) {
    this(s3, new S3ConditionalStore(s3, stateBucket), clock);
  }

  /** Receipts written through {@code store}, which must be on the bucket {@code s3} lists. */
  ObjectStoreReceipts(S3Client s3, ConditionalStore store, Clock clock) {
    this.s3 = s3;
    this.store = store;
    this.receipts = new VersionedDocuments<>(store, Receipt.class, "receipt");
    this.clock = clock;
  }

  @Override
  public Claim claim(String trigger, ObjectChange change, String holder, Instant holdUntil) {
    return noted(take(trigger, change, holder, holdUntil, false), change);
  }

  @Override
  public Claim reopen(String trigger, ObjectChange change, String holder, Instant holdUntil) {
    return noted(take(trigger, change, holder, holdUntil, true), change);
  }

  /**
   * Notes a receipt taken, with the change it was taken for, so that a restart of the instance finds it.
   * A note that cannot be written does not stop the work: only a crash before it is done then leaves
   * the version to wait for its hold.
   */
  private Claim noted(Claim claim, ObjectChange change) {
    if (claim instanceof Claim.Held held) {
      String note = noteOf(held.receipt());
      try {
        s3.putObject(r -> r.bucket(store.bucket()).key(note).contentType(CONTENT_TYPE),
            RequestBody.fromBytes(Json.write(new HoldNote(keyOf(held.receipt()), change))));
      } catch (RuntimeException e) {
        LOG.warn("trigger={} event={} cannot note its claim at {}/{}, processing it all the same; after a crash it"
            + " waits for its hold: {}", held.receipt().trigger(), change.eventId(), store.bucket(), note,
            e.toString());
      }
    }
    return claim;
  }

  private Claim take(String trigger, ObjectChange change, String holder, Instant holdUntil, boolean reopenDeadLetter) {
    String key = keyOf(trigger, change);
    String claim = UUID.randomUUID().toString();
    // a new version is the common case: create first, read only when another event, sweep or instance got there
    return receipts.updateFrom(key, Optional.empty(), current -> {
      Instant now = clock.instant();
      Receipt fresh = Receipt.processing(trigger, change, holder, holdUntil, now, claim);
      if (current.isEmpty()) {
        return Decision.write(fresh, Claim.Held::new);
      }
      Receipt existing = current.get().value();
      if (claim.equals(existing.claim())) {
        // our own create went through, but its answer was lost and the client's retry met it
        return Decision.leave(() -> new Claim.Held(current.get()));
      }
      boolean replay = reopenDeadLetter && existing.state() == Receipt.State.deadLettered;
      boolean newUpload = existing.supersededBy(change);
      if (existing.state().settled() && !replay && !newUpload) {
        return Decision.leave(() -> {
          existing.standingAlsoFor(change, now).ifPresent(advanced -> standAlsoFor(key, advanced, current.get().etag()));
          return new Claim.Settled(existing);
        });
      }
      if (!existing.freeFor(holder, now)) {
        return Decision.leave(() -> new Claim.HeldElsewhere(existing));
      }
      Receipt takeover = newUpload ? fresh
          : existing.heldBy(holder, existing.attempts(), holdUntil, now).claimedAs(claim);
      Receipt taken = replay ? takeover.withoutDeferrals() : takeover;
      return Decision.write(taken, Claim.Held::new);
    }, RaceLimit.SHARED);
  }

  /** Best effort: should another write come first, the sweep may take that upload for new work, a repeat. */
  private void standAlsoFor(String key, Receipt advanced, String etag) {
    try {
      receipts.write(key, advanced, etag);
    } catch (PreconditionFailedException e) {
      // another instance wrote it meanwhile
    }
  }

  @Override
  public Claim.Held hold(Claim.Held held, int attempts, Instant holdUntil) {
    Receipt renewed = held.receipt().heldBy(held.receipt().holder(), attempts, holdUntil, clock.instant());
    return new Claim.Held(replace(held, renewed));
  }

  @Override
  public Claim.Held defer(Claim.Held held, Instant holdUntil, String detail) {
    Receipt deferred = held.receipt().deferredUntil(holdUntil, clock.instant(), detail);
    return new Claim.Held(replace(held, deferred));
  }

  @Override
  public void settle(Claim.Held held, int attempts, Receipt.State state, String detail) {
    replace(held, held.receipt().settled(attempts, state, detail, clock.instant()));
    store.delete(noteOf(held.receipt()));
  }

  private Versioned<Receipt> replace(Claim.Held held, Receipt next) {
    String key = keyOf(next);
    try {
      return receipts.write(key, next, held.stored().etag());
    } catch (PreconditionFailedException e) {
      // our own write may have gone through with its answer lost, the client's retry meeting it
      Optional<Versioned<Receipt>> current = receipts.read(key);
      if (current.isPresent() && current.get().value().equals(next)) {
        return current.get();
      }
      store.delete(noteOf(held.receipt()));
      throw new LostClaimException(store.bucket() + "/" + key);
    }
  }

  @Override
  public void forget(Claim.Held held) {
    store.delete(keyOf(held.receipt()));
    store.delete(noteOf(held.receipt()));
  }

  @Override
  public Optional<Receipt> find(String trigger, ObjectChange change) {
    return receipts.read(keyOf(trigger, change)).map(Versioned::value);
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

  @Override
  public List<ObjectChange> unfinished(String trigger, String holder) {
    Holder me = Holder.parse(holder);
    List<ObjectChange> unfinished = new ArrayList<>();
    String notes = StateLayout.receiptHolds(me.instance(), trigger);
    for (S3Object listed : s3.listObjectsV2Paginator(r -> r.bucket(store.bucket()).prefix(notes)).contents()) {
      Optional<Versioned<byte[]>> read = store.read(listed.key());
      if (read.isEmpty()) {
        continue;
      }
      HoldNote note = Json.read(read.get().value(), HoldNote.class, store.bucket() + "/" + listed.key());
      Optional<Receipt> receipt = receipts.read(note.receipt()).map(Versioned::value);
      if (receipt.isPresent() && receipt.get().leftBy(holder)) {
        unfinished.add(note.change());
      } else if (receipt.isEmpty() || !receipt.get().state().equals(Receipt.State.processing)
          || !holder.equals(receipt.get().holder())) {
        // finished, or taken over elsewhere since; a receipt this very start holds is work in flight here
        store.delete(listed.key());
      }
    }
    return unfinished;
  }

  @Override
  public String objectOf(String trigger, String bucket, String key) {
    return StateLayout.receipts(trigger, bucket, key);
  }

  @Override
  public void eachObject(String trigger, ObjectVisitor visitor) throws InterruptedException {
    String object = null;
    Map<String, String> etags = new LinkedHashMap<>();
    for (S3Object listed : s3.listObjectsV2Paginator(r -> r.bucket(store.bucket())
        .prefix(StateLayout.triggerReceipts(trigger))).contents()) {
      String owner = listed.key().substring(0, listed.key().lastIndexOf('/') + 1);
      if (object != null && !owner.equals(object)) {
        visitor.visit(new ListedReceipts(object, etags));
        etags = new LinkedHashMap<>();
      }
      object = owner;
      etags.put(listed.key(), listed.eTag());
    }
    if (object != null) {
      visitor.visit(new ListedReceipts(object, etags));
    }
  }

  @Override
  public List<Receipt> read(ListedReceipts object) {
    List<Receipt> found = new ArrayList<>();
    for (String key : object.etags().keySet()) {
      receipts.read(key).ifPresent(read -> found.add(read.value()));
    }
    return found;
  }

  private static String keyOf(String trigger, ObjectChange change) {
    return StateLayout.receipt(trigger, change.blob().bucket(), change.blob().key(), change.version());
  }

  private static String keyOf(Receipt receipt) {
    return StateLayout.receipt(receipt.trigger(), receipt.bucket(), receipt.key(), receipt.version());
  }

  /** Where the holder of {@code receipt} notes that it holds it. */
  private static String noteOf(Receipt receipt) {
    return StateLayout.receiptHold(Holder.parse(receipt.holder()).instance(), keyOf(receipt));
  }

  /** A receipt an instance holds, and the change it claimed it for. */
  record HoldNote(String receipt, ObjectChange change) {}
}
