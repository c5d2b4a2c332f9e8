package io.fnjobs.common.idempotency;

/**
 * An invocation reused an idempotency key with a different payload: a bug in how the key is derived, or
 * two different events colliding. Nothing runs and nothing is written.
 */
public final class PayloadMismatchException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public PayloadMismatchException(String key, String storedHash, String givenHash) {
    super("idempotency key '" + key + "' was first used with payload hash " + storedHash
        + " and now with " + givenHash + ": the same key must always carry the same payload;"
        + " check how the key is derived from the event");
  }
}
