package io.fnjobs.common.event;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** The event of a blob trigger: an object created in or removed from a watched bucket ({@code kind: blob}). */
public record BlobEvent(
    String trigger, String eventId, String idempotencyKey, int attempt, String deadline, TriggerEvent.BlobChange blob)
    implements TriggerEvent {

  public BlobEvent {
    EventHeader.check(trigger, eventId, idempotencyKey, attempt);
    EventHeader.part(Kind.blob, "blob", blob);
  }

  @Override
  @JsonProperty("kind")
  public Kind kind() {
    return Kind.blob;
  }

  @Override
  public BlobEvent forAttempt(int number, Instant until) {
    return new BlobEvent(trigger, eventId, idempotencyKey, number, until.toString(), blob);
  }

  @Override
  public BlobEvent withIdempotencyKey(String key) {
    return new BlobEvent(trigger, eventId, key, attempt, deadline, blob);
  }
}
