package io.fnjobs.thumbnail.image;

import io.fnjobs.common.job.RejectedException;

/** The file claims an image format but its header or data cannot be decoded. */
public final class CorruptImageException extends RejectedException {

  private static final long serialVersionUID = 1L;

  public static final String CODE = "corrupt-image";

  public CorruptImageException(String format, Throwable cause) {
    super(CODE, "the " + format + " image cannot be decoded: " + describe(cause));
    initCause(cause);
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
