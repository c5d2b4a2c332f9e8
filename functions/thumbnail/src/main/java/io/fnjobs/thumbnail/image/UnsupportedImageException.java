package io.fnjobs.thumbnail.image;

import io.fnjobs.common.job.RejectedException;

/** The file is not an image in a format the thumbnailer reads (JPEG, PNG, GIF, BMP, WebP). */
public final class UnsupportedImageException extends RejectedException {

  private static final long serialVersionUID = 1L;

  public static final String CODE = "unsupported-format";

  /** @param name what the file is to the people who read the message: the original's key */
  public UnsupportedImageException(String name, String detail) {
    super(CODE, name + " is not a JPEG, PNG, GIF, BMP or WebP image: " + detail);
  }
}
