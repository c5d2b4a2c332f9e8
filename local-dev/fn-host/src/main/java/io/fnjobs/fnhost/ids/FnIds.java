package io.fnjobs.fnhost.ids;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Identifiers shaped like Fn server's: 26 characters of upper-case Crockford base32, 128 bits, as in a
 * ULID. App and function ids are derived from their names so that they survive a restart of the host
 * (a trigger layer that cached them keeps working); call ids are new for every call.
 */
public final class FnIds {

  private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

  private final Clock clock;

  public FnIds(Clock clock) {
    this.clock = clock;
  }

  /** The id of the app named {@code appName}: the same for the same name, on every start. */
  public static String appId(String appName) {
    return stable("app/" + appName);
  }

  /** The id of function {@code functionName} of app {@code appName}, stable like {@link #appId}. */
  public static String functionId(String appName, String functionName) {
    return stable("fn/" + appName + "/" + functionName);
  }

  /** A fresh call id: 48 bits of the clock's milliseconds, then 80 random bits, like a ULID. */
  public String newCallId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (clock.millis() << 16) | (random.nextLong() & 0xFFFFL);
    return encode(high, random.nextLong());
  }

  private static String stable(String seed) {
    byte[] digest = sha256(seed.getBytes(StandardCharsets.UTF_8));
    return encode(toLong(digest, 0), toLong(digest, 8));
  }

  /** Encodes 128 bits, most significant first, as 26 base32 characters (the first one 0-7). */
  static String encode(long high, long low) {
    char[] text = new char[26];
    long hi = high;
    long lo = low;
    for (int i = text.length - 1; i >= 0; i--) {
      text[i] = CROCKFORD[(int) (lo & 31)];
      lo = (lo >>> 5) | (hi << 59);
      hi >>>= 5;
    }
    return new String(text);
  }

  private static long toLong(byte[] bytes, int offset) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      value = (value << 8) | (bytes[offset + i] & 0xFF);
    }
    return value;
  }

  private static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("this JVM has no SHA-256", e);
    }
  }
}
