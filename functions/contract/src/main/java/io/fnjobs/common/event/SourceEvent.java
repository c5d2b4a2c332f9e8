package io.fnjobs.common.event;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The event of a trigger type other than blob, queue and timer: its kind is the type's name (e.g.
 * {@code file-drop}), its part the JSON object {@code source} of the type's own fields. An event of a
 * kind this library does not know is read as one of these.
 */
public record SourceEvent(
    String trigger, Kind kind, String eventId, String idempotencyKey, int attempt, String deadline,
    Map<String, Object> source) implements TriggerEvent {

  public SourceEvent {
    EventHeader.check(trigger, eventId, idempotencyKey, attempt);
    Objects.requireNonNull(kind, "kind");
    if (kind.builtIn()) {
      throw new IllegalArgumentException("a " + kind + " event carries its own part, not a source object");
    }
    source = Collections.unmodifiableMap(new LinkedHashMap<>(EventHeader.part(kind, "source", source)));
  }

  @Override
  public SourceEvent forAttempt(int number, Instant until) {
    return new SourceEvent(trigger, kind, eventId, idempotencyKey, number, until.toString(), source);
  }

  @Override
  public SourceEvent withIdempotencyKey(String key) {
    return new SourceEvent(trigger, kind, eventId, key, attempt, deadline, source);
  }
}
