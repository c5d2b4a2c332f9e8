package io.fnjobs.triggers.blob;

import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.common.store.Versioned;
import java.util.Optional;

/**
 * The real store, except that every write is made and then reported as lost to another writer: what a
 * client sees when its conditional write goes through, the answer is lost and its retry is refused. A
 * stand-in for a failure the real store cannot be made to produce on demand.
 */
final class AnswerLostStore implements ConditionalStore {

  private final S3ConditionalStore real;

  AnswerLostStore(S3ConditionalStore real) {
    this.real = real;
  }

  @Override
  public String create(String key, byte[] bytes, String contentType) {
    real.create(key, bytes, contentType);
    throw new PreconditionFailedException(real.bucket(), key);
  }

  @Override
  public Optional<Versioned<byte[]>> read(String key) {
    return real.read(key);
  }

  @Override
  public String replace(String key, byte[] bytes, String contentType, String etag) {
    real.replace(key, bytes, contentType, etag);
    throw new PreconditionFailedException(real.bucket(), key);
  }

  @Override
  public void delete(String key) {
    real.delete(key);
  }

  @Override
  public String bucket() {
    return real.bucket();
  }
}
