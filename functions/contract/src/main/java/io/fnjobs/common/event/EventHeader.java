package io.fnjobs.common.event;

import java.util.Objects;

/** The checks every {@link TriggerEvent} makes of the fields all kinds share. */
final class EventHeader {

  private EventHeader() {}

  /** Refuses a missing trigger, event id or key, and an attempt below 1. */
  static void check(String trigger, String eventId, String idempotencyKey, int attempt) {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
    }
  }

  /** Refuses an event without its part, naming the part. */
  static <T> T part(TriggerEvent.Kind kind, String name, T part) {
    if (part == null) {
      throw new IllegalArgumentException("a " + kind + " event needs its '" + name + "' part");
    }
    return part;
  }
}
