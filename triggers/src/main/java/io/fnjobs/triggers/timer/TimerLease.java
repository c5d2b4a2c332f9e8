package io.fnjobs.triggers.timer;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Who may run a timer's function right now, at {@code timers/<trigger>/lease.json}: one owner (a
 * listener of one trigger-layer instance), for one slot, until {@code expiresAt} unless released
 * earlier. It expires with the invocation deadline of the attempt in flight (plus a margin), so a
 * crashed owner's function has surely stopped before another owner may start the next run.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TimerLease(
    String trigger, String owner, String slot, int attempt, String acquiredAt, String expiresAt, String releasedAt) {

  static TimerLease take(String trigger, String owner, Instant slot, Instant now, Instant expiresAt) {
    return new TimerLease(trigger, owner, slot.toString(), 0, now.toString(), expiresAt.toString(), null);
  }

  /** Released by its owner, or expired: anyone may take it. */
  public boolean freeAt(Instant now) {
    return releasedAt != null || !Instant.parse(expiresAt).isAfter(now);
  }

  /** Expired without being released: its owner stopped or crashed in the middle of a run. */
  public boolean abandonedAt(Instant now) {
    return releasedAt == null && !Instant.parse(expiresAt).isAfter(now);
  }

  public Instant slotInstant() {
    return Instant.parse(slot);
  }

  public Instant expiresAtInstant() {
    return Instant.parse(expiresAt);
  }

  TimerLease renewed(int newAttempt, Instant newExpiry) {
    return new TimerLease(trigger, owner, slot, newAttempt, acquiredAt, newExpiry.toString(), null);
  }

  TimerLease released(Instant now) {
    return new TimerLease(trigger, owner, slot, attempt, acquiredAt, expiresAt, now.toString());
  }
}
