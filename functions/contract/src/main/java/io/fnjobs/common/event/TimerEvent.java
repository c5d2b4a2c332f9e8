package io.fnjobs.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** The event of a timer trigger: a slot of its schedule, or one run on demand ({@code kind: timer}). */
public record TimerEvent(
    String trigger, String eventId, String idempotencyKey, int attempt, String deadline, TriggerEvent.TimerTick timer)
    implements TriggerEvent {

  public TimerEvent {
    EventHeader.check(trigger, eventId, idempotencyKey, attempt);
    EventHeader.part(Kind.timer, "timer", timer);
  }

  @Override
  @JsonProperty("kind")
  public Kind kind() {
    return Kind.timer;
  }

  @Override
  public TimerEvent forAttempt(int number, Instant until) {
    return new TimerEvent(trigger, eventId, idempotencyKey, number, until.toString(), timer);
  }

  @Override
  public TimerEvent withIdempotencyKey(String key) {
    return new TimerEvent(trigger, eventId, key, attempt, deadline, timer);
  }
}
