package io.fnjobs.fnhost.api;

import com.sun.net.httpserver.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads a request body within the host's limit, as Fn server applies {@code FN_MAX_REQUEST_SIZE}: a
 * declared Content-Length over the limit is refused before the body is read, and a body that declares
 * none (chunked) is refused as soon as it grows past the limit, without reading the rest.
 */
final class BodyLimit {

  /** The largest body the host can hold: one array. */
  static final long MAX_SUPPORTED = Integer.MAX_VALUE - 8;

  private final long max;

  /** @param max the largest body in bytes; 0 for none, as Fn server's default */
  BodyLimit(long max) {
    if (max < 0 || max > MAX_SUPPORTED) {
      throw new IllegalArgumentException("the body limit must be from 0 (none) to " + MAX_SUPPORTED + ", was " + max);
    }
    this.max = max;
  }

  /**
   * Reads the whole body, or refuses it.
   *
   * @throws RequestTooLargeException the body is larger than the limit
   */
  byte[] read(Headers headers, InputStream body) throws IOException {
    if (max == 0) {
      return body.readAllBytes();
    }
    OptionalLong declared = declaredLength(headers);
    if (declared.isPresent() && declared.getAsLong() > max) {
      throw RequestTooLargeException.declared(declared.getAsLong(), max);
    }
    // one byte past the limit tells a body that grew too large from one that ends at the limit
    byte[] bytes = readUpTo(body, (int) max + 1);
    if (bytes.length > max) {
      throw RequestTooLargeException.streamed(bytes.length, max);
    }
    return bytes;
  }

  /**
   * Reads until {@code limit} bytes or the end. Not {@link InputStream#readNBytes(int)}: once it has
   * enough it still asks for zero bytes more, which the JDK server's chunked stream answers by waiting
   * for the next chunk, so an unfinished body would hold the refusal up.
   */
  private static byte[] readUpTo(InputStream in, int limit) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.min(limit, 8192));
    byte[] buffer = new byte[8192];
    for (int left = limit; left > 0; ) {
      int n = in.read(buffer, 0, Math.min(buffer.length, left));
      if (n < 0) {
        break;
      }
      bytes.write(buffer, 0, n);
      left -= n;
    }
    return bytes.toByteArray();
  }

  /** The Content-Length, unless the body is chunked (then the server ignores a Content-Length). */
  private static OptionalLong declaredLength(Headers headers) {
    String encoding = headers.getFirst("Transfer-Encoding");
    String length = headers.getFirst("Content-Length");
    if (length == null || (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("chunked"))) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(length.trim()));
    } catch (NumberFormatException e) {
      return OptionalLong.empty(); // the server has refused such a request before it gets here
    }
  }
}
