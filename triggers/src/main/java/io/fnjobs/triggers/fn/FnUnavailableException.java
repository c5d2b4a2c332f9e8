package io.fnjobs.triggers.fn;

/** The Fn API could not be reached or answered with an unexpected status. */
public final class FnUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FnUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
