package io.fnjobs.fnhost.store;

/**
 * A write of an app or function is refused for its content: a body that is not JSON, an unknown
 * field, a value of the wrong type or out of Fn's range, a missing required field. Fn answers 400
 * with the message; nothing was changed.
 */
public final class InvalidResourceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public InvalidResourceException(String message) {
    super(message);
  }
}
