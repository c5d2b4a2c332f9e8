package io.fnjobs.common.store;

import java.util.Optional;

/**
 * Objects in one bucket, written only under a condition, so that concurrent writers never overwrite
 * each other unseen. The only primitive the idempotency store, the status flags, receipts and leases
 * need.
 */
public interface ConditionalStore {

  /** The object and its ETag, if it exists. */
  Optional<Versioned<byte[]>> read(String key);

  /**
   * Creates the object if it does not exist ({@code If-None-Match: *}).
   *
   * @return the new ETag
   * @throws PreconditionFailedException when it exists
   */
  String create(String key, byte[] bytes, String contentType);

  /**
   * Replaces the object if it still has {@code etag} ({@code If-Match}).
   *
   * @return the new ETag
   * @throws PreconditionFailedException when it changed or is gone
   */
  String replace(String key, byte[] bytes, String contentType, String etag);

  /** Deletes the object; deleting a missing object is not an error. */
  void delete(String key);

  /** The bucket, for messages. */
  String bucket();
}
