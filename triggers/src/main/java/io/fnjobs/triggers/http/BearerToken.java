package io.fnjobs.triggers.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A shared secret sent as {@code Authorization: Bearer <token>}, compared in constant time. A token of
 * two words ({@code Basic abc}) is the whole header value, as MinIO sends its webhook's auth token.
 */
public final class BearerToken {

  private final byte[] expected;

  private BearerToken(String token) {
    String trimmed = token.trim();
    String header = trimmed.split("\\s+").length == 2 ? trimmed : "Bearer " + trimmed;
    this.expected = header.getBytes(StandardCharsets.UTF_8);
  }

  /** The token; it must not be blank. */
  public static BearerToken of(String token) {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("a bearer token must not be blank");
    }
    return new BearerToken(token);
  }

  /** Whether an {@code Authorization} header (null when absent) carries the token. */
  public boolean matches(String header) {
    return header != null && MessageDigest.isEqual(header.trim().getBytes(StandardCharsets.UTF_8), expected);
  }
}
