package io.fnjobs.cleanup.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Reads small objects (flags, idempotency records, orders) several at a time: one batch of keys in,
 * their bytes out in the same order. Reading them one by one would make a store's latency the run's pace.
 */
public final class Reads {

  private final S3Client s3;
  private final Executor pool;

  /** Reads on {@code pool}, which bounds how many at once. */
  public Reads(S3Client s3, Executor pool) {
    this.s3 = s3;
    this.pool = pool;
  }

  /** The bytes of each object, in the order of {@code keys}; empty for an object that is gone. */
  public List<Optional<byte[]>> get(String bucket, List<String> keys) {
    List<CompletableFuture<Optional<byte[]>>> reads = new ArrayList<>(keys.size());
    for (String key : keys) {
      reads.add(CompletableFuture.supplyAsync(() -> read(bucket, key), pool));
    }
    List<Optional<byte[]>> bytes = new ArrayList<>(keys.size());
    try {
      reads.forEach(read -> bytes.add(read.join()));
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
    return bytes;
  }

  private Optional<byte[]> read(String bucket, String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray());
    } catch (NoSuchKeyException gone) {
      return Optional.empty();
    }
  }
}
