package io.fnjobs.thumbnail.image;

import io.fnjobs.common.job.RejectedException;

/**
 * The file claims an image format but its header or data cannot be decoded, or the decoder had to
 * make up part of the pixels because the file ends early (see {@link PartialImages}).
 */
public final class CorruptImageException extends RejectedException {

  private static final long serialVersionUID = 1L;

  public static final String CODE = "corrupt-image";

  /** @param name what the file is to the people who read the message: the original's key */
  public CorruptImageException(String format, String name, Throwable cause) {
    super(CODE, "the " + format + " image " + name + " cannot be decoded: " + describe(cause));
    initCause(cause);
  }

  private CorruptImageException(String message) {
    super(CODE, message);
  }

  /** The image decodes only in part: {@code evidence} says what shows that its file ends early. */
  public static CorruptImageException truncated(String format, String name, String evidence) {
    return new CorruptImageException("the " + format + " image " + name + " is truncated (" + evidence
        + "); set THUMBNAIL_ACCEPT_PARTIAL_IMAGES=true to make thumbnails of what it has");
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
  }
}
