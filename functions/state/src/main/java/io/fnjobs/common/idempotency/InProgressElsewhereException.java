package io.fnjobs.common.idempotency;

import java.time.Duration;

/**
 * Another invocation holds the key and has not finished; this one must not run now. Retry after
 * {@link #retryAfter()}, when the other has finished or its deadline has passed.
 */
public final class InProgressElsewhereException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final Duration retryAfter;

  public InProgressElsewhereException(String key, Duration retryAfter) {
    super("idempotency key '" + key + "' is held by another invocation; retry in " + retryAfter);
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
