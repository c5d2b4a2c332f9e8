package io.fnjobs.triggers.runs;

import io.fnjobs.common.layout.StateLayout;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Run ids and where runs are kept: {@code runs/<trigger>/<id>.json}, the id being the run's start in
 * milliseconds subtracted from {@value #INVERT} (13 digits), a dash and a random UUID. S3 lists keys in
 * ascending order, so a listing gives the newest run first; and since ids of every trigger sort the
 * same way, one id is a cursor into the runs of all triggers at once.
 */
public final class RunIds {

  static final long INVERT = 9_999_999_999_999L;
  private static final Pattern ID = Pattern.compile("\\d{13}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern TIME_CURSOR = Pattern.compile("\\d{13}");
  private static final String SUFFIX = ".json";

  private RunIds() {}

  /** A new id for a run started at {@code startMillis}. */
  static String newId(long startMillis) {
    return inverted(startMillis) + "-" + UUID.randomUUID();
  }

  /** Whether {@code text} is a run id. */
  public static boolean isId(String text) {
    return text != null && ID.matcher(text).matches();
  }

  /** A cursor that pages from the runs started at {@code time} (that millisecond included) back. */
  public static String cursorAt(Instant time) {
    return inverted(time.toEpochMilli());
  }

  /** {@link #INVERT} minus {@code millis}, in 13 digits; without a Formatter, which costs more than the run's id. */
  private static String inverted(long millis) {
    String digits = Long.toString(INVERT - millis);
    return digits.length() >= 13 ? digits : "0".repeat(13 - digits.length()) + digits;
  }

  /** Whether {@code text} is a cursor: a run id or a time cursor. */
  public static boolean isCursor(String text) {
    return isId(text) || (text != null && TIME_CURSOR.matcher(text).matches());
  }

  /**
   * Where a listing of {@code trigger}'s runs starts after, to page on from {@code cursor}: after the
   * run itself for a run id, before the runs of that millisecond for a time cursor.
   */
  static String startAfter(String trigger, String cursor) {
    return isId(cursor) ? key(trigger, cursor) : prefix(trigger) + cursor;
  }

  static String prefix(String trigger) {
    return StateLayout.RUNS + trigger + "/";
  }

  static String key(String trigger, String id) {
    return prefix(trigger) + id + SUFFIX;
  }

  /** The id of the run at {@code key}, which lies under {@code prefix}. */
  static String idOf(String prefix, String key) {
    String name = key.substring(prefix.length());
    return name.endsWith(SUFFIX) ? name.substring(0, name.length() - SUFFIX.length()) : name;
  }
}
