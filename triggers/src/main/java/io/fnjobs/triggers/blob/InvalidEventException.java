package io.fnjobs.triggers.blob;

/** A notification body that cannot be read as S3 event records: the sender, not the object, is wrong. */
public final class InvalidEventException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public InvalidEventException(String message) {
    super(message);
  }
}
