package io.fnjobs.thumbnail.image.jpeg;

/** The file ends inside a marker segment, before the decoder has what it needs to go on. */
final class TruncatedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  TruncatedException() {
    super("the file ends inside a marker segment", null, false, false);
  }
}
