package io.fnjobs.triggers.blob;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * What a blob trigger keeps per object version, at {@code receipts/<trigger>/<object>/<version>.json} in
 * the state bucket: whether the version is being processed (by whom, until when, after how many
 * attempts) or settled. Created with {@code If-None-Match: *}, then replaced only with {@code If-Match},
 * so of several trigger-layer instances that learn of a version exactly one processes it. {@code claim}
 * is a random token of the claim that wrote it: a create whose answer was lost, and retried, is
 * recognised as one's own. {@code deferrals} counts the invocations the function deferred (another
 * invocation held the change's key), which spent no attempt.
 *
 * <p>{@code holder} is {@code <instance>#<start>} (see {@link Holder}). {@code change} says whether the
 * version is a created object or a removal, and {@code modifiedAt} when the latest upload it stands for
 * was made, as best known: the Last-Modified the sweep listed, else the time of the event or of the
 * claim, whichever is later. The sweep compares it with what it lists: an upload of the same bytes it
 * lists as later is a new upload, since the sweep cannot tell whether the original was removed in
 * between (see {@link #supersededBy}); an event of the same bytes uploaded over themselves is no new
 * upload, and only moves {@code modifiedAt} on ({@link #standingAlsoFor}). Receipts written before
 * these were kept have neither: a version named {@code removed:…} is a removal, and {@code updatedAt}
 * stands for the upload's time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Receipt(
    String trigger,
    String bucket,
    String key,
    String version,
    String eventId,
    State state,
    int attempts,
    String holder,
    String heldUntil,
    String updatedAt,
    String detail,
    String claim,
    int deferrals,
    Change change,
    String modifiedAt) {

  public Receipt(String trigger, String bucket, String key, String version, String eventId, State state, int attempts,
      String holder, String heldUntil, String updatedAt, String detail, String claim) {
    this(trigger, bucket, key, version, eventId, state, attempts, holder, heldUntil, updatedAt, detail, claim, 0, null,
        null);
  }

  /** Where the version stands. Every state but {@code processing} is settled: events for it are ignored. */
  public enum State {
    processing,
    succeeded,
    rejected,
    deadLettered;

    public boolean settled() {
      return this != processing;
    }
  }

  /** A new receipt: {@code holder} processes the change until {@code until}. */
  static Receipt processing(String trigger, ObjectChange change, String holder, Instant until, Instant now,
      String claim) {
    BlobChange blob = change.blob();
    return new Receipt(trigger, blob.bucket(), blob.key(), change.version(), change.eventId(), State.processing,
        0, holder, until.toString(), now.toString(), null, claim, 0, blob.change(), uploadTime(change, now).toString());
  }

  /**
   * When the change's upload was made, as best known: the Last-Modified the sweep listed; for an event,
   * the later of its time and now. An event comes after its upload, and its time is the store's, the
   * clock Last-Modified comes from: so a sweep never lists the upload an event brought as later than
   * this, even when this instance's clock is behind the store's.
   */
  private static Instant uploadTime(ObjectChange change, Instant now) {
    if (change.lastModified() != null) {
      return Instant.parse(change.lastModified());
    }
    return timeOf(change).filter(event -> event.isAfter(now)).orElse(now);
  }

  /** The event's time; empty without one, or in a form other than ISO-8601, which tells nothing then. */
  private static Optional<Instant> timeOf(ObjectChange event) {
    if (event.eventTime() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(event.eventTime()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** Whether someone processes the version and their hold has not run out at {@code now}. */
  public boolean heldAt(Instant now) {
    return state == State.processing && heldUntil != null && Instant.parse(heldUntil).isAfter(now);
  }

  /**
   * Whether the version is being processed by an earlier start of {@code holderId}'s instance: work that
   * start claimed and never finished, which this start takes up at once, whatever the hold says.
   */
  boolean leftBy(String holderId) {
    return state == State.processing && holder != null && Holder.parse(holder).earlierStartOf(Holder.parse(holderId));
  }

  /** Whether {@code candidate} may take the version now: nobody holds it, or a hold left by its own earlier start. */
  boolean freeFor(String candidate, Instant now) {
    return !heldAt(now) || leftBy(candidate);
  }

  /** Created object or removal; for a receipt that does not say, told by its version's name. */
  public Change kind() {
    if (change != null) {
      return change;
    }
    return version != null && version.startsWith("removed:") ? Change.removed : Change.created;
  }

  /** When the upload this receipt stands for was made, as best known (see the class comment). */
  Instant uploadedAt() {
    String known = modifiedAt != null ? modifiedAt : updatedAt;
    return known == null ? Instant.EPOCH : Instant.parse(known);
  }

  /**
   * Whether the sweep lists a later upload of the same bytes than this settled receipt stands for: most
   * likely the original was removed (by a user, or by the cleanup's retention rule, whose receipts
   * outlive the originals) and no event said so, and the sweep cannot tell that from the same bytes
   * uploaded over themselves, so it takes both for new work. Compared in whole seconds, the resolution
   * of Last-Modified: an upload within the same second as the one processed is taken for it. Only for a
   * listed version without version id: a version id names one upload.
   */
  boolean supersededBy(ObjectChange listed) {
    if (!state.settled() || kind() != Change.created || listed.blob().change() != Change.created
        || listed.blob().versionId() != null || listed.lastModified() == null) {
      return false;
    }
    return Instant.parse(listed.lastModified()).truncatedTo(ChronoUnit.SECONDS)
        .isAfter(uploadedAt().truncatedTo(ChronoUnit.SECONDS));
  }

  /**
   * This settled receipt made to stand also for the later upload of the same bytes an event reports:
   * the bytes uploaded over themselves (a removal in between would have brought its own event and
   * forgotten this receipt). That upload is not processed again, and the sweep, listing it, finds it
   * covered. Empty for a redelivered event, one without a time, and anything but a created object
   * without version id.
   */
  Optional<Receipt> standingAlsoFor(ObjectChange event, Instant now) {
    if (!state.settled() || kind() != Change.created || event.blob().change() != Change.created
        || event.blob().versionId() != null || event.lastModified() != null
        || !timeOf(event).map(time -> time.isAfter(uploadedAt())).orElse(false)) {
      return Optional.empty();
    }
    return Optional.of(new Receipt(trigger, bucket, key, version, eventId, state, attempts, holder, heldUntil,
        updatedAt, detail, claim, deferrals, change, uploadTime(event, now).toString()));
  }

  Receipt heldBy(String newHolder, int attemptsMade, Instant until, Instant now) {
    return new Receipt(trigger, bucket, key, version, eventId, State.processing, attemptsMade, newHolder,
        until.toString(), now.toString(), detail, claim, deferrals, change, modifiedAt);
  }

  /** Held on after one more deferral, its attempts unchanged. */
  Receipt deferredUntil(Instant until, Instant now, String why) {
    return new Receipt(trigger, bucket, key, version, eventId, State.processing, attempts, holder, until.toString(),
        now.toString(), why, claim, deferrals + 1, change, modifiedAt);
  }

  Receipt claimedAs(String newClaim) {
    return new Receipt(trigger, bucket, key, version, eventId, state, attempts, holder, heldUntil, updatedAt, detail,
        newClaim, deferrals, change, modifiedAt);
  }

  /** A replayed dead letter gets its deferrals anew, as it gets its attempts. */
  Receipt withoutDeferrals() {
    return new Receipt(trigger, bucket, key, version, eventId, state, attempts, holder, heldUntil, updatedAt, detail,
        claim, 0, change, modifiedAt);
  }

  Receipt settled(int attemptsMade, State settledState, String why, Instant now) {
    return new Receipt(trigger, bucket, key, version, eventId, settledState, attemptsMade, holder, null, now.toString(),
        why, claim, deferrals, change, modifiedAt);
  }
}
