package io.fnjobs.common.job;

/**
 * The work refuses its input for good (not an image, an invalid order...): the unit of work is
 * recorded as {@code rejected} with this code and message, and never retried.
 */
public class RejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;

  public RejectedException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
