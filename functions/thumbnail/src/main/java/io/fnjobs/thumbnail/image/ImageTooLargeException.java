package io.fnjobs.thumbnail.image;

import io.fnjobs.common.job.RejectedException;

/**
 * The image is larger than the limits allow, found before any pixel is allocated: by its size in bytes
 * ({@code too-many-bytes}) or by the width and height its header declares ({@code too-many-pixels}).
 */
public final class ImageTooLargeException extends RejectedException {

  private static final long serialVersionUID = 1L;

  public static final String TOO_MANY_BYTES = "too-many-bytes";
  public static final String TOO_MANY_PIXELS = "too-many-pixels";

  private ImageTooLargeException(String code, String message) {
    super(code, message);
  }

  /** @param name what the file is to the people who read the message: the original's key */
  public static ImageTooLargeException bytes(String name, long size, long limit) {
    return new ImageTooLargeException(TOO_MANY_BYTES, name + " has " + size + " bytes, more than the limit of "
        + limit + " (THUMBNAIL_MAX_BYTES)");
  }

  /** @param name what the file is to the people who read the message: the original's key */
  public static ImageTooLargeException pixels(String name, int width, int height, long limit) {
    return new ImageTooLargeException(TOO_MANY_PIXELS, "the image " + name + " is " + width + "x" + height + " = "
        + ((long) width * height) + " pixels, more than the limit of " + limit + " (THUMBNAIL_MAX_PIXELS)");
  }
}
