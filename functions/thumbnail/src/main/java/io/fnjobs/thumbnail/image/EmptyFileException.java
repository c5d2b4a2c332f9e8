package io.fnjobs.thumbnail.image;

import io.fnjobs.common.job.RejectedException;

/** The file has no bytes at all: there is nothing to make thumbnails of, now or on a retry. */
public final class EmptyFileException extends RejectedException {

  private static final long serialVersionUID = 1L;

  public static final String CODE = "empty-file";

  /** @param name what the file is to the people who read the message: the original's key */
  public EmptyFileException(String name) {
    super(CODE, name + " is empty (0 bytes): there is no image to make thumbnails of");
  }
}
