package io.fnjobs.common.store;

/** The object store ignores or rejects conditional writes, so exactly-once effects cannot be kept. */
public final class ConditionalWritesUnsupportedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public ConditionalWritesUnsupportedException(String detail) {
    super("the object store does not honour conditional writes (" + detail + "): fnjobs needs"
        + " If-None-Match and If-Match on PUT; use AWS S3, a MinIO release from 2024 on, or the embedded store");
  }
}
