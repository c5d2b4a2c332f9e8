package io.fnjobs.common.event;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The body the trigger layer sends to a function: which trigger fired, for which event, under which
 * idempotency key, at which attempt, and the source-specific part. One type per source, told apart on
 * the wire by {@link #kind()}: a {@link BlobEvent} carries {@code blob}, a {@link QueueEvent}
 * {@code message}, a {@link TimerEvent} {@code timer}.
 *
 * <p>A trigger type other than blob, queue and timer sends its own kind (the type's name, e.g.
 * {@code "file-drop"}) with its part as the JSON object {@code source}: a {@link SourceEvent}, which is
 * also what any kind this library does not know is read as. A function reads that object as a map, or
 * binds it to a type of its own.
 *
 * <p>A function that handles one kind takes {@code TriggerEvent} and narrows it with
 * {@link JobReply#expect(String, Class, TriggerEvent)}, which refuses another kind with an
 * {@link UnexpectedEventException} naming both: declared as its handler's parameter, a subtype would
 * make the FDK refuse another kind with a Jackson message that names neither function nor trigger.
 *
 * <p>{@code deadline} (ISO-8601 instant) is when the trigger layer stops waiting for this invocation:
 * the function's idempotency hold on the key lasts until then.
 *
 * <p>The idempotency key is derived by the trigger layer from the event itself, so a redelivered event
 * carries the same key; it is never Fn's call id, which is new for every call. It is in the namespace
 * of the function invoked ({@code fn:<app>/<function>:…}), so that two functions given the same event
 * do not share a record. Timestamps are ISO-8601
 * strings so that the FDK's own JSON mapper, which has no java.time support, reads this type as is.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.EXISTING_PROPERTY, property = "kind",
    visible = true, defaultImpl = SourceEvent.class)
@JsonSubTypes({
  @JsonSubTypes.Type(value = BlobEvent.class, name = "blob"),
  @JsonSubTypes.Type(value = QueueEvent.class, name = "queue"),
  @JsonSubTypes.Type(value = TimerEvent.class, name = "timer")
})
// alphabetical, kind included: the built-in kinds' kind is no record component, and would come last
@JsonPropertyOrder({"attempt", "blob", "deadline", "eventId", "idempotencyKey", "kind", "message", "source", "timer",
    "trigger"})
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public sealed interface TriggerEvent permits BlobEvent, QueueEvent, TimerEvent, SourceEvent {

  /** The name of the trigger that fired. */
  String trigger();

  /** The type of the trigger that fired, which says which part the event carries. */
  Kind kind();

  String eventId();

  String idempotencyKey();

  /** The attempt this invocation is, from 1. */
  int attempt();

  /** When the trigger layer stops waiting for this invocation (ISO-8601), or null when the sender set none. */
  String deadline();

  /** The same event as attempt {@code number}, to be answered by {@code until}. */
  TriggerEvent forAttempt(int number, Instant until);

  /**
   * The same event under another idempotency key: for a function that narrows the trigger layer's
   * key with what only it reads, e.g. the object's last-modified time.
   */
  TriggerEvent withIdempotencyKey(String key);

  /** The deadline, or {@code fallback} when the sender set none. */
  default Instant deadlineOr(Instant fallback) {
    return deadline() == null ? fallback : Instant.parse(deadline());
  }

  static BlobEvent ofBlob(String trigger, String eventId, String idempotencyKey, BlobChange blob) {
    return new BlobEvent(trigger, eventId, idempotencyKey, 1, null, blob);
  }

  static QueueEvent ofMessage(String trigger, String eventId, String idempotencyKey, QueueMessage message) {
    return new QueueEvent(trigger, eventId, idempotencyKey, 1, null, message);
  }

  static TimerEvent ofTimer(String trigger, String eventId, String idempotencyKey, TimerTick timer) {
    return new TimerEvent(trigger, eventId, idempotencyKey, 1, null, timer);
  }

  /**
   * An event of a trigger type other than blob, queue and timer: its part is {@code source}, a JSON
   * object of the type's own fields.
   */
  static SourceEvent ofSource(
      String trigger, Kind kind, String eventId, String idempotencyKey, Map<String, Object> source) {
    return new SourceEvent(trigger, kind, eventId, idempotencyKey, 1, null, source);
  }

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

    /** The kind of the events of {@code type}, one of blob, queue and timer; a source event's kind is its own. */
    public static Kind ofEvents(Class<? extends TriggerEvent> type) {
      if (type == BlobEvent.class) {
        return blob;
      }
      if (type == QueueEvent.class) {
        return queue;
      }
      if (type == TimerEvent.class) {
        return timer;
      }
      throw new IllegalArgumentException(type.getSimpleName() + " events have a kind of their own, not one kind");
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
