package io.fnjobs.localdev.s3;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How an object key is named in the filesystem store, and back: S3 takes keys of up to 1024 bytes
 * (UTF-8) whatever their segments (the parts between slashes), a filesystem names of up to 255 bytes.
 *
 * <p>A segment of up to {@link #MAX_STORED_SEGMENT_BYTES} bytes is stored as it is, so keys of usual
 * length keep their names on disk. A longer one is cut, between characters, into pieces of one folder
 * level each: {@code ¦+<piece>} for all pieces but the last, {@code ¦.<piece>} for the last. A segment
 * that itself starts with {@code ¦} is stored the same way (one piece if it fits), so that every stored
 * name reads back to exactly one key.
 */
final class StoredKeys {

  /** What S3 takes: longer keys are refused with {@code KeyTooLongError}. */
  static final int MAX_KEY_BYTES = 1024;

  /**
   * The longest segment stored as one name. S3Proxy's filesystem store adds to names of its own: a put
   * first writes {@code <last segment>-<UUID>} (37 bytes more), and a multipart upload keeps its parts
   * as {@code .mpus-<upload id>-<key>-<part number>} (43 bytes more before the first segment, up to 6
   * after the last, and the put's 37): a one-segment key has 255 - 43 - 6 - 37 = 169 bytes.
   */
  static final int MAX_STORED_SEGMENT_BYTES = 169;

  static final char MARK = '\u00A6';
  private static final String MORE = MARK + "+";
  private static final String LAST = MARK + ".";
  private static final int MAX_PIECE_BYTES = MAX_STORED_SEGMENT_BYTES - utf8Length(LAST);

  /** S3's order of keys: by their UTF-8 bytes, which is the order of their code points. */
  static final Comparator<String> S3_ORDER = StoredKeys::compareCodePoints;

  private StoredKeys() {}

  static boolean isTooLong(String key) {
    return utf8Length(key) > MAX_KEY_BYTES;
  }

  /** The name under which the store keeps {@code key}. */
  static String stored(String key) {
    StringBuilder stored = new StringBuilder(key.length() + 16);
    String[] segments = key.split("/", -1);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        stored.append('/');
      }
      appendStored(stored, segments[i]);
    }
    return stored.toString();
  }

  /** The key whose stored name is {@code stored}; the inverse of {@link #stored}. */
  static String real(String stored) {
    List<String> segments = new ArrayList<>();
    StringBuilder cut = new StringBuilder();
    for (String segment : stored.split("/", -1)) {
      if (segment.startsWith(MORE)) {
        cut.append(segment, MORE.length(), segment.length());
      } else {
        cut.append(segment.startsWith(LAST) ? segment.substring(LAST.length()) : segment);
        segments.add(cut.toString());
        cut.setLength(0);
      }
    }
    return String.join("/", segments);
  }

  /** Whether a stored folder name is the piece of a longer segment, continued in the folder. */
  static boolean isCutFolder(String storedFolder) {
    String name = storedFolder.endsWith("/") ? storedFolder.substring(0, storedFolder.length() - 1) : storedFolder;
    return name.substring(name.lastIndexOf('/') + 1).startsWith(MORE);
  }

  private static void appendStored(StringBuilder stored, String segment) {
    if (segment.indexOf(MARK) != 0 && utf8Length(segment) <= MAX_STORED_SEGMENT_BYTES) {
      stored.append(segment);
      return;
    }
    int start = 0;
    while (true) {
      int end = pieceEnd(segment, start);
      if (end == segment.length()) {
        stored.append(LAST).append(segment, start, end);
        return;
      }
      stored.append(MORE).append(segment, start, end).append('/');
      start = end;
    }
  }

  /** Where the piece from {@code start} ends: as many whole characters as fit in a piece. */
  private static int pieceEnd(String segment, int start) {
    int bytes = 0;
    int end = start;
    while (end < segment.length()) {
      int codePoint = segment.codePointAt(end);
      int size = utf8Length(codePoint);
      if (bytes + size > MAX_PIECE_BYTES) {
        break;
      }
      bytes += size;
      end += Character.charCount(codePoint);
    }
    return end;
  }

  static int utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static int utf8Length(int codePoint) {
    return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
