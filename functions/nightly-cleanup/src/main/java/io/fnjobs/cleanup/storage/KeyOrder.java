package io.fnjobs.cleanup.storage;

/**
 * The order S3 lists keys in: by their UTF-8 bytes, which is Unicode code point order. Java's
 * {@link String#compareTo} compares UTF-16 units instead and puts characters beyond U+FFFF before
 * U+E000..U+FFFF, so walks that merge listings compare with this.
 */
public final class KeyOrder {

  private KeyOrder() {}

  public static int compare(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Whether {@code key + suffix} sorts before {@code suffix}'s owner key: see {@link SuffixOrder}. */
  static boolean sortsBefore(String rest, String suffix) {
    return compare(rest + suffix, suffix) < 0;
  }

  /**
   * Where to start listing (exclusive) so that no key K with {@code K + suffix} after
   * {@code marker + suffix} is missed: before the shortest prefix P of the marker whose rest sorts
   * before the suffix, since P + suffix sorts after marker + suffix although P sorts before the marker.
   */
  public static String restartAfter(String marker, String suffix) {
    for (int end = marker.offsetByCodePoints(0, 1); end < marker.length();
        end = marker.offsetByCodePoints(end, 1)) {
      if (sortsBefore(marker.substring(end), suffix)) {
        String prefix = marker.substring(0, end);
        return prefix.substring(0, prefix.offsetByCodePoints(prefix.length(), -1));
      }
    }
    return marker;
  }
}
