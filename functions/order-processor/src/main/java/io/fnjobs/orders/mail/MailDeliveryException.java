package io.fnjobs.orders.mail;

/**
 * The mail server could not be reached or refused a mail. Transient as far as the order goes: the
 * invocation fails, and the queue retries it with backoff, then dead-letters it.
 */
public final class MailDeliveryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public MailDeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
