package io.fnjobs.orders;

/**
 * An order record kept changing under this message, or another message is placing the same order
 * right now. Transient: the invocation fails and the queue retries it after its backoff.
 */
public final class OrderContentionException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public OrderContentionException(String message) {
    super(message);
  }
}
