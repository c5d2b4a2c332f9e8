package io.fnjobs.triggers.blob;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a blob trigger keeps per object version, at {@code receipts/<trigger>/<object>/<version>.json} in
 * the state bucket: whether the version is being processed (by whom, until when, after how many
 * attempts) or settled. Created with {@code If-None-Match: *}, then replaced only with {@code If-Match},
 * so of several trigger-layer instances that learn of a version exactly one processes it. {@code claim}
 * is a random token of the claim that wrote it: a create whose answer was lost, and retried, is
 * recognised as one's own. {@code deferrals} counts the invocations the function deferred (another
 * invocation held the change's key), which spent no attempt.
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
    int deferrals) {

  public Receipt(String trigger, String bucket, String key, String version, String eventId, State state, int attempts,
      String holder, String heldUntil, String updatedAt, String detail, String claim) {
    this(trigger, bucket, key, version, eventId, state, attempts, holder, heldUntil, updatedAt, detail, claim, 0);
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
    return new Receipt(trigger, change.bucket(), change.key(), change.version(), change.eventId(), State.processing,
        0, holder, until.toString(), now.toString(), null, claim);
  }

  /** Whether someone processes the version and their hold has not run out at {@code now}. */
  public boolean heldAt(Instant now) {
    return state == State.processing && heldUntil != null && Instant.parse(heldUntil).isAfter(now);
  }

  Receipt heldBy(String newHolder, int attemptsMade, Instant until, Instant now) {
    return new Receipt(trigger, bucket, key, version, eventId, State.processing, attemptsMade, newHolder,
        until.toString(), now.toString(), detail, claim, deferrals);
  }

  /** Held on after one more deferral, its attempts unchanged. */
  Receipt deferredUntil(Instant until, Instant now, String why) {
    return new Receipt(trigger, bucket, key, version, eventId, State.processing, attempts, holder, until.toString(),
        now.toString(), why, claim, deferrals + 1);
  }

  Receipt claimedAs(String newClaim) {
    return new Receipt(trigger, bucket, key, version, eventId, state, attempts, holder, heldUntil, updatedAt, detail,
        newClaim, deferrals);
  }

  /** A replayed dead letter gets its deferrals anew, as it gets its attempts. */
  Receipt withoutDeferrals() {
    return new Receipt(trigger, bucket, key, version, eventId, state, attempts, holder, heldUntil, updatedAt, detail,
        claim, 0);
  }

  Receipt settled(int attemptsMade, State settledState, String why, Instant now) {
    return new Receipt(trigger, bucket, key, version, eventId, settledState, attemptsMade, holder, null, now.toString(),
        why, claim, deferrals);
  }
}
