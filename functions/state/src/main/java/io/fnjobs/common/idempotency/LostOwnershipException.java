package io.fnjobs.common.idempotency;

/**
 * An invocation finished after its deadline and another had taken the key over: its result is not
 * recorded. The work may have run twice: make the invocation deadline (the function's timeout) longer
 * than the work can take.
 */
public final class LostOwnershipException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public LostOwnershipException(String key) {
    super("idempotency key '" + key + "' was taken over by another invocation after this one's deadline:"
        + " raise the function's timeout above the time its work takes");
  }
}
