package io.fnjobs.fnhost.store;

/**
 * A write clashes with what exists: an app or function of that name exists already, or an update
 * would change a field Fn keeps for good (a name, a function's app). Fn answers 409; nothing was changed.
 */
public final class ResourceConflictException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public ResourceConflictException(String message) {
    super(message);
  }
}
