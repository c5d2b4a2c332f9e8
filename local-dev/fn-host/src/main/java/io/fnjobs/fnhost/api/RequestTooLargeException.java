package io.fnjobs.fnhost.api;

/**
 * An invoke body is larger than the host's {@code maxRequestSize} (Fn server's {@code
 * FN_MAX_REQUEST_SIZE}); Fn answers 413. The message is the one Fn server gives, with the size and
 * the limit; the function was not started for the call.
 */
final class RequestTooLargeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private RequestTooLargeException(String message) {
    super(message);
  }

  /** The body declared a Content-Length over the limit: refused before a byte of it was read. */
  static RequestTooLargeException declared(long contentLength, long max) {
    return new RequestTooLargeException(
        "Content-Length too large for this server, " + contentLength + " > max " + max);
  }

  /** A body without a Content-Length (chunked) grew past the limit: refused without reading the rest. */
  static RequestTooLargeException streamed(long readSoFar, long max) {
    return new RequestTooLargeException(
        "Request content too large for this server, at least " + readSoFar + " > max " + max);
  }
}
