package io.fnjobs.common.store;

/**
 * A conditional write lost: the object already existed ({@code If-None-Match: *}) or changed since it
 * was read ({@code If-Match}). The caller re-reads and decides again.
 */
public final class PreconditionFailedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public PreconditionFailedException(String bucket, String key) {
    super("conditional write of " + bucket + "/" + key + " lost to another writer", null, false, false);
  }
}
