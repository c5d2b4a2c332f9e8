package io.fnjobs.cli;

/** The trigger layer refused or failed the request; the message is its own, with what to change. */
final class RefusedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  RefusedException(String message) {
    super(message);
  }
}
