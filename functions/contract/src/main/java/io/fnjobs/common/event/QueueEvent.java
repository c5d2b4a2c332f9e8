package io.fnjobs.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** The event of a queue trigger: a message taken from a queue ({@code kind: queue}). */
public record QueueEvent(
    String trigger, String eventId, String idempotencyKey, int attempt, String deadline, TriggerEvent.QueueMessage message)
    implements TriggerEvent {

  public QueueEvent {
    EventHeader.check(trigger, eventId, idempotencyKey, attempt);
    EventHeader.part(Kind.queue, "message", message);
  }

  @Override
  @JsonProperty("kind")
  public Kind kind() {
    return Kind.queue;
  }

  @Override
  public QueueEvent forAttempt(int number, Instant until) {
    return new QueueEvent(trigger, eventId, idempotencyKey, number, until.toString(), message);
  }

  @Override
  public QueueEvent withIdempotencyKey(String key) {
    return new QueueEvent(trigger, eventId, key, attempt, deadline, message);
  }
}
