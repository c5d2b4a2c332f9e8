package io.fnjobs.common.job;

/**
 * The work cannot use its input, but the input is worth a person's look (an order that references
 * a customer record in a shape nobody expected, say): the event goes to the trigger's dead-letter
 * place at once, with this code and message, rather than being retried (a failure) or dropped (a
 * {@link RejectedException}). The unit of work is flagged {@code failed}, not {@code rejected}: its
 * idempotency key is given up, so that the event, replayed or redriven once a person has fixed what
 * was wrong, runs again.
 */
public class PoisonException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;

  public PoisonException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
