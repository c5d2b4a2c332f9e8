package io.fnjobs.common.event;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;

/**
 * The body the trigger layer sends to a function: which trigger fired, for which event, under which
 * idempotency key, at which attempt, and the source-specific part ({@link #blob()}, {@link #message()}
 * or {@link #timer()}, exactly one of them set, matching {@link #kind()}).
 *
 * <p>{@code deadline} (ISO-8601 instant) is when the trigger layer stops waiting for this invocation:
 * the function's idempotency hold on the key lasts until then.
 *
 * <p>The idempotency key is derived by the trigger layer from the event itself, so a redelivered event
 * carries the same key; it is never Fn's call id, which is new for every call. It is in the namespace
 * of the function invoked ({@code fn:<app>/<function>:…}), so that two functions given the same event
 * do not share a record. Timestamps are ISO-8601
 * strings so that the FDK's own JSON mapper, which has no java.time support, reads this record as is.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TriggerEvent(
    String trigger,
    Kind kind,
    String eventId,
    String idempotencyKey,
    int attempt,
    String deadline,
    BlobChange blob,
    QueueMessage message,
    TimerTick timer) {

  /** What kind of source produced the event. */
  public enum Kind {
    blob,
    queue,
    timer
  }

  public TriggerEvent {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
    }
    Object part =
        switch (kind) {
          case blob -> blob;
          case queue -> message;
          case timer -> timer;
        };
    if (part == null) {
      throw new IllegalArgumentException("a " + kind + " event needs its '" + partName(kind) + "' part");
    }
  }

  private static String partName(Kind kind) {
    return switch (kind) {
      case blob -> "blob";
      case queue -> "message";
      case timer -> "timer";
    };
  }

  public static TriggerEvent ofBlob(String trigger, String eventId, String idempotencyKey, BlobChange blob) {
    return new TriggerEvent(trigger, Kind.blob, eventId, idempotencyKey, 1, null, blob, null, null);
  }

  public static TriggerEvent ofMessage(
      String trigger, String eventId, String idempotencyKey, QueueMessage message) {
    return new TriggerEvent(trigger, Kind.queue, eventId, idempotencyKey, 1, null, null, message, null);
  }

  public static TriggerEvent ofTimer(String trigger, String eventId, String idempotencyKey, TimerTick timer) {
    return new TriggerEvent(trigger, Kind.timer, eventId, idempotencyKey, 1, null, null, null, timer);
  }

  /** The same event as attempt {@code number}, to be answered by {@code until}. */
  public TriggerEvent forAttempt(int number, Instant until) {
    return new TriggerEvent(trigger, kind, eventId, idempotencyKey, number, until.toString(), blob, message, timer);
  }

  /**
   * The same event under another idempotency key: for a function that narrows the trigger layer's
   * key with what only it reads, e.g. the object's last-modified time.
   */
  public TriggerEvent withIdempotencyKey(String key) {
    return new TriggerEvent(trigger, kind, eventId, key, attempt, deadline, blob, message, timer);
  }

  /** The deadline, or {@code fallback} when the sender set none. */
  public Instant deadlineOr(Instant fallback) {
    return deadline == null ? fallback : Instant.parse(deadline);
  }

  /**
   * An object that was created in or removed from a watched bucket.
   *
   * @param sequencer the store's sequencer of the change (hexadecimal), by which it orders the changes
   *     of one key; null from the sweep, from stores that send none, and from trigger layers that
   *     predate it
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record BlobChange(
      Change change, String bucket, String key, String etag, Long size, String versionId, String sequencer) {

    /** What happened to the object. */
    public enum Change {
      created,
      removed
    }

    public BlobChange {
      Objects.requireNonNull(change, "change");
      Objects.requireNonNull(bucket, "bucket");
      Objects.requireNonNull(key, "key");
    }

    /** A change without sequencer: found by the sweep, or told by a store that sends none. */
    public BlobChange(Change change, String bucket, String key, String etag, Long size, String versionId) {
      this(change, bucket, key, etag, size, versionId, null);
    }
  }

  /** A message taken from a queue; {@code body} is the message body as sent. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record QueueMessage(String queue, String messageId, String body, int receiveCount) {

    public QueueMessage {
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(messageId, "messageId");
      Objects.requireNonNull(body, "body");
    }
  }

  /**
   * A timer slot: the scheduled time (ISO-8601 instant), whether the run is late (past due) and
   * whether it was requested on demand rather than by the schedule.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TimerTick(String slot, boolean pastDue, boolean onDemand) {

    public TimerTick {
      Objects.requireNonNull(slot, "slot");
    }
  }
}
