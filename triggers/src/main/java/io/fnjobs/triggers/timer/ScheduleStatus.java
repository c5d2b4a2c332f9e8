package io.fnjobs.triggers.timer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * What a timer's schedule has come to, at {@code timers/<trigger>/status.json}, shared by every
 * instance: the scheduled slots decided (run or skipped) up to {@code decidedThrough}, the last run
 * (any slot, scheduled or on demand) with its outcome, the skips, and the next slot.
 *
 * <p>It guides planning; it is not what makes a run happen once (the slot records are).
 * {@code decidedThrough} and the last run only ever move forward.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ScheduleStatus(
    String trigger,
    String decidedThrough,
    String lastSlot,
    String lastOutcome,
    String lastDetail,
    String lastRunStartedAt,
    String lastRunEndedAt,
    long skippedSlots,
    String lastSkippedSlot,
    String lastSkipReason,
    String nextSlot,
    String updatedAt) {

  static ScheduleStatus empty(String trigger) {
    return new ScheduleStatus(trigger, null, null, null, null, null, null, 0, null, null, null, null);
  }

  Instant decidedThroughInstant() {
    return decidedThrough == null ? null : Instant.parse(decidedThrough);
  }

  Instant lastRunEndedInstant() {
    return lastRunEndedAt == null ? null : Instant.parse(lastRunEndedAt);
  }

  /** With the scheduled slots decided through {@code slot}, never moving back. */
  ScheduleStatus decided(Instant slot) {
    Instant current = decidedThroughInstant();
    String through = current != null && !slot.isAfter(current) ? decidedThrough : slot.toString();
    return new ScheduleStatus(trigger, through, lastSlot, lastOutcome, lastDetail, lastRunStartedAt, lastRunEndedAt,
        skippedSlots, lastSkippedSlot, lastSkipReason, nextSlot, updatedAt);
  }

  /** With {@code slot} skipped, unless it was decided already (by another instance). */
  ScheduleStatus skipped(Instant slot, String reason) {
    Instant current = decidedThroughInstant();
    if (current != null && !slot.isAfter(current)) {
      return this;
    }
    return new ScheduleStatus(trigger, decidedThrough, lastSlot, lastOutcome, lastDetail, lastRunStartedAt,
        lastRunEndedAt, skippedSlots + 1, slot.toString(), reason, nextSlot, updatedAt).decided(slot);
  }

  /** With {@code run} as the last run, unless a run that ended later is already recorded. */
  ScheduleStatus ran(SlotRecord run) {
    if (lastRunEndedAt != null && Instant.parse(run.endedAt()).isBefore(Instant.parse(lastRunEndedAt))) {
      return this;
    }
    return new ScheduleStatus(trigger, decidedThrough, run.slot(), run.state().name(), run.detail(), run.startedAt(),
        run.endedAt(), skippedSlots, lastSkippedSlot, lastSkipReason, nextSlot, updatedAt);
  }

  ScheduleStatus stamped(Instant now, Instant next) {
    return new ScheduleStatus(trigger, decidedThrough, lastSlot, lastOutcome, lastDetail, lastRunStartedAt,
        lastRunEndedAt, skippedSlots, lastSkippedSlot, lastSkipReason, next == null ? null : next.toString(),
        now.toString());
  }
}
