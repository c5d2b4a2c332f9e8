package io.fnjobs.triggers.blob;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who holds a receipt: an instance of the trigger layer by the name it keeps across restarts
 * ({@code FNJOBS_INSTANCE_ID}), and which start of it. Receipts record it as {@code <instance>#<start>}.
 * A receipt held by an earlier start of the same instance is work that start claimed and never finished
 * (the process stopped or died): the instance takes it up again at once rather than after the hold.
 *
 * @param start random per start of the process; null in a holder written without one
 */
record Holder(String instance, String start) {

  private static final char SEPARATOR = '#';

  /** A new start of {@code instance}. */
  static Holder startOf(String instance) {
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return new Holder(instance, HexFormat.of().formatHex(random));
  }

  /** A holder as a receipt records it; one without a start (written before starts were recorded) has none. */
  static Holder parse(String id) {
    int separator = id == null ? -1 : id.lastIndexOf(SEPARATOR);
    return separator < 0 ? new Holder(id, null) : new Holder(id.substring(0, separator), id.substring(separator + 1));
  }

  /** {@code <instance>#<start>}, as receipts record it. */
  String id() {
    return start == null ? instance : instance + SEPARATOR + start;
  }

  /** Whether this is another, earlier start of {@code current}'s instance. */
  boolean earlierStartOf(Holder current) {
    return instance != null && instance.equals(current.instance) && start != null && current.start != null
        && !start.equals(current.start);
  }
}
