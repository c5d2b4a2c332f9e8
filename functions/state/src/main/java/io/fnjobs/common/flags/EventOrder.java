package io.fnjobs.common.flags;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Where the event behind a status flag stands among the events of the flag's subject, as the event's
 * source tells it. It lets a flag refuse a writer of an older event whatever the write times say: a
 * late retry of an object's first version after its second one succeeded, a late {@code place} after
 * its order's {@code cancel}. Every part is optional; each job sets those its events have:
 *
 * <ul>
 *   <li>{@code sequence}: the order message's sequence (orders).
 *   <li>{@code time} (ISO-8601 instant): the object's last-modified time as the store reports it (blob),
 *       the scheduled slot (timer).
 *   <li>{@code sequencer}: the store's sequencer of an object change, hexadecimal (blob events; the
 *       sweep has none). A store orders the changes of one key by it; values of different lengths are
 *       compared after padding the shorter with leading zeros.
 * </ul>
 *
 * <p>Two orders are compared part by part in that order, on the parts both have; the first part that
 * differs decides. When none decides (no part in common, or all of them equal) the orders cannot
 * tell, and {@link StatusFlag#supersedes} goes by write time, as for flags written before orders were
 * kept. A part that cannot be read (a time that is no instant) decides nothing.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record EventOrder(Long sequence, String time, String sequencer) {

  /** The order of an event that has none: compared by write time alone. */
  public static final EventOrder NONE = new EventOrder(null, null, null);

  public EventOrder {
    time = blankToNull(time);
    sequencer = blankToNull(sequencer);
  }

  /** An order message's place in its order's sequence. */
  public static EventOrder sequence(long sequence) {
    return new EventOrder(sequence, null, null);
  }

  /** A point in time: a timer's slot. */
  public static EventOrder at(Instant time) {
    return new EventOrder(null, time.toString(), null);
  }

  /**
   * A timer slot's order, the same for the trigger layer and the function that runs the slot: its time;
   * none for a slot that is no ISO-8601 instant (an on-demand run named otherwise), which then orders
   * nothing rather than failing. Each slot has a flag of its own, so this orders no two writers today: it
   * is there so that the slot flags read like the others.
   */
  public static EventOrder ofSlot(String slot) {
    try {
      return at(Instant.parse(slot));
    } catch (DateTimeParseException notAnInstant) {
      return NONE;
    }
  }

  /**
   * An object version: its last-modified time, then the store's sequencer of its change to break ties
   * within the time's resolution. Either may be null.
   */
  public static EventOrder objectVersion(Instant lastModified, String sequencer) {
    return new EventOrder(null, lastModified == null ? null : lastModified.toString(), sequencer);
  }

  /** Whether no part is known. */
  @JsonIgnore
  public boolean isEmpty() {
    return sequence == null && time == null && sequencer == null;
  }

  /**
   * Positive when this event came after {@code other}, negative when before, zero when the orders
   * cannot tell (see the class comment); zero too when {@code other} is null.
   */
  public int compareWith(EventOrder other) {
    if (other == null) {
      return 0;
    }
    if (sequence != null && other.sequence != null && !sequence.equals(other.sequence)) {
      return Long.compare(sequence, other.sequence);
    }
    int byTime = compareTimes(time, other.time);
    if (byTime != 0) {
      return byTime;
    }
    return sequencer == null || other.sequencer == null ? 0 : compareSequencers(sequencer, other.sequencer);
  }

  /**
   * Compares two store sequencers of one key as the numbers they write in hexadecimal: the shorter is
   * padded with leading zeros first, so {@code "0100"} comes after {@code "FF"}; case does not matter.
   */
  public static int compareSequencers(String a, String b) {
    int width = Math.max(a.length(), b.length());
    return Integer.signum(padded(a, width).compareTo(padded(b, width)));
  }

  private static String padded(String hex, int width) {
    return "0".repeat(width - hex.length()) + hex.toUpperCase(Locale.ROOT);
  }

  private static int compareTimes(String a, String b) {
    if (a == null || b == null) {
      return 0;
    }
    try {
      return Instant.parse(a).compareTo(Instant.parse(b));
    } catch (DateTimeParseException unreadable) {
      // a hand-edited flag must not keep every later writer out: it decides nothing
      return 0;
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
