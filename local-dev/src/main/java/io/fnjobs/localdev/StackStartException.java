package io.fnjobs.localdev;

/** The embedded stack could not start; whatever it had started is stopped again. */
public final class StackStartException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StackStartException(String message) {
    super(message);
  }

  public StackStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
