package io.fnjobs.common.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The body the trigger layer sends to a function: which trigger fired, for which event, under which
 * idempotency key, at which attempt, and the source-specific part ({@link #blob()}, {@link #message()}
 * or {@link #timer()}, exactly one of them set, matching {@link #kind()}).
 *
 * <p>A trigger type other than blob, queue and timer sends its own kind (the type's name, e.g.
 * {@code "file-drop"}) with its part as the JSON object {@link #source()}; a function reads that object
 * as a map, or binds it to a type of its own. Events of the three built-in kinds never carry it.
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
    TimerTick timer,
    Map<String, Object> source) {

  /**
   * What kind of source produced the event: the name of the trigger's type, as its definition file
   * says it ({@code type: blob}). On the wire it is that name alone.
   */
  public static final class Kind {
    public static final Kind blob = new Kind("blob");
    public static final Kind queue = new Kind("queue");
    public static final Kind timer = new Kind("timer");
    private static final String NAME = "[a-z][a-z0-9-]{0,62}";

    private final String name;

    private Kind(String name) {
      this.name = name;
    }

    /** The kind of this name: one of the constants for blob, queue and timer, else a kind of its own. */
    @JsonCreator
    public static Kind of(String name) {
      Objects.requireNonNull(name, "kind");
      return switch (name) {
        case "blob" -> blob;
        case "queue" -> queue;
        case "timer" -> timer;
        default -> {
          if (!name.matches(NAME)) {
            throw new IllegalArgumentException("a kind is lower-case letters, digits and '-', starting with a"
                + " letter, at most 63; was '" + name + "'");
          }
          yield new Kind(name);
        }
      };
    }

    /** Whether this is one of blob, queue and timer, whose part is a field of its own. */
    public boolean builtIn() {
      return this == blob || this == queue || this == timer;
    }

    @JsonValue
    public String name() {
      return name;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Kind kind && kind.name.equals(name);
    }

    @Override
    public int hashCode() {
      return name.hashCode();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  public TriggerEvent {
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(eventId, "eventId");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be 1 or more, was " + attempt);
    }
    if (part(kind, blob, message, timer, source) == null) {
      throw new IllegalArgumentException("a " + kind + " event needs its '" + partName(kind) + "' part");
    }
    source = source == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(source));
  }

  private static Object part(Kind kind, BlobChange blob, QueueMessage message, TimerTick timer,
      Map<String, Object> source) {
    if (kind == Kind.blob) {
      return blob;
    }
    if (kind == Kind.queue) {
      return message;
    }
    return kind == Kind.timer ? timer : source;
  }

  private static String partName(Kind kind) {
    if (kind == Kind.queue) {
      return "message";
    }
    return kind.builtIn() ? kind.name() : "source";
  }

  public static TriggerEvent ofBlob(String trigger, String eventId, String idempotencyKey, BlobChange blob) {
    return new TriggerEvent(trigger, Kind.blob, eventId, idempotencyKey, 1, null, blob, null, null, null);
  }

  public static TriggerEvent ofMessage(
      String trigger, String eventId, String idempotencyKey, QueueMessage message) {
    return new TriggerEvent(trigger, Kind.queue, eventId, idempotencyKey, 1, null, null, message, null, null);
  }

  public static TriggerEvent ofTimer(String trigger, String eventId, String idempotencyKey, TimerTick timer) {
    return new TriggerEvent(trigger, Kind.timer, eventId, idempotencyKey, 1, null, null, null, timer, null);
  }

  /**
   * An event of a trigger type other than blob, queue and timer: its part is {@code source}, a JSON
   * object of the type's own fields.
   */
  public static TriggerEvent ofSource(
      String trigger, Kind kind, String eventId, String idempotencyKey, Map<String, Object> source) {
    if (kind.builtIn()) {
      throw new IllegalArgumentException("a " + kind + " event carries its own part, not a source object");
    }
    return new TriggerEvent(trigger, kind, eventId, idempotencyKey, 1, null, null, null, null, source);
  }

  /** The same event as attempt {@code number}, to be answered by {@code until}. */
  public TriggerEvent forAttempt(int number, Instant until) {
    return new TriggerEvent(trigger, kind, eventId, idempotencyKey, number, until.toString(), blob, message, timer, source);
  }

  /**
   * The same event under another idempotency key: for a function that narrows the trigger layer's
   * key with what only it reads, e.g. the object's last-modified time.
   */
  public TriggerEvent withIdempotencyKey(String key) {
    return new TriggerEvent(trigger, kind, eventId, key, attempt, deadline, blob, message, timer, source);
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
