package io.fnjobs.triggers.timer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One slot of a timer, at {@code timers/<trigger>/slots/<slot>.json}: created once with
 * {@code If-None-Match: *} by the owner that runs it (the claim that makes the run happen once), then
 * updated by that owner after each attempt; or created {@code skipped}, with the reason, by the owner
 * that skipped it. {@code deadline} is when the attempt in flight must have ended; {@code attempts}
 * counts the attempts started, but for a deferred one (another invocation held the slot's key), which
 * is counted back and in {@code deferrals} instead.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SlotRecord(
    String trigger,
    String slot,
    boolean onDemand,
    boolean pastDue,
    String owner,
    State state,
    int attempts,
    String idempotencyKey,
    String startedAt,
    String updatedAt,
    String deadline,
    String endedAt,
    String detail,
    int deferrals) {

  /** Where a slot's run is. */
  public enum State {
    running,
    succeeded,
    rejected,
    failed,
    skipped;

    public boolean finished() {
      return this != running;
    }
  }

  static SlotRecord claimed(
      String trigger, Instant slot, boolean onDemand, boolean pastDue, String owner, String idempotencyKey, Instant now) {
    return new SlotRecord(trigger, slot.toString(), onDemand, pastDue, owner, State.running, 0, idempotencyKey,
        now.toString(), now.toString(), null, null, null, 0);
  }

  static SlotRecord skipped(String trigger, Instant slot, String owner, String idempotencyKey, Instant now, String why) {
    return new SlotRecord(trigger, slot.toString(), false, true, owner, State.skipped, 0, idempotencyKey,
        now.toString(), now.toString(), null, now.toString(), why, 0);
  }

  public Instant slotInstant() {
    return Instant.parse(slot);
  }

  SlotRecord attempt(int number, String newOwner, Instant now, Instant attemptDeadline) {
    return new SlotRecord(trigger, slot, onDemand, pastDue, newOwner, State.running, number, idempotencyKey, startedAt,
        now.toString(), attemptDeadline.toString(), null, detail, deferrals);
  }

  /** Whether attempt {@code number} is under way: started, with its deadline, and not over. */
  boolean startedAttempt(int number) {
    return state == State.running && attempts == number && deadline != null;
  }

  SlotRecord waiting(Instant now, String why) {
    return new SlotRecord(trigger, slot, onDemand, pastDue, owner, State.running, attempts, idempotencyKey, startedAt,
        now.toString(), deadline, null, why, deferrals);
  }

  /**
   * Waiting after the attempt in flight was throttled (Fn had no capacity: the function did not run):
   * it was not spent, so it is made again, and it is no deferral either.
   */
  SlotRecord throttled(Instant now, String why) {
    return new SlotRecord(trigger, slot, onDemand, pastDue, owner, State.running, attempts - 1, idempotencyKey,
        startedAt, now.toString(), deadline, null, why, deferrals);
  }

  /** Waiting after the attempt in flight was deferred: it was not spent, so it is made again. */
  SlotRecord deferred(Instant now, String why) {
    return new SlotRecord(trigger, slot, onDemand, pastDue, owner, State.running, attempts - 1, idempotencyKey,
        startedAt, now.toString(), deadline, null, why, deferrals + 1);
  }

  SlotRecord finished(State outcome, Instant now, String why) {
    return new SlotRecord(trigger, slot, onDemand, pastDue, owner, outcome, attempts, idempotencyKey, startedAt,
        now.toString(), deadline, now.toString(), why, deferrals);
  }
}
