package io.fnjobs.common.store;

import java.util.Arrays;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@link ConditionalStore} on an S3 bucket (AWS S3, MinIO, the embedded store). */
public final class S3ConditionalStore implements ConditionalStore {

  private static final int PRECONDITION_FAILED = 412;
  // a concurrent conditional write to the same key can answer 409 on AWS: the loser retries as for 412
  private static final int CONFLICT = 409;

  private final S3Client s3;
  private final String bucket;

  public S3ConditionalStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  public Optional<Versioned<byte[]>> read(String key) {
    try {
      ResponseBytes<GetObjectResponse> object = s3.getObjectAsBytes(r -> r.bucket(bucket).key(key));
      return Optional.of(new Versioned<>(object.asByteArray(), object.response().eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public String create(String key, byte[] bytes, String contentType) {
    try {
      return s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType).ifNoneMatch("*"),
          RequestBody.fromBytes(bytes)).eTag();
    } catch (S3Exception e) {
      return landedAnyway(key, bytes, e);
    }
  }

  @Override
  public String replace(String key, byte[] bytes, String contentType, String etag) {
    try {
      return s3.putObject(r -> r.bucket(bucket).key(key).contentType(contentType).ifMatch(etag),
          RequestBody.fromBytes(bytes)).eTag();
    } catch (NoSuchKeyException e) {
      throw new PreconditionFailedException(bucket, key);
    } catch (S3Exception e) {
      return landedAnyway(key, bytes, e);
    }
  }

  @Override
  public void delete(String key) {
    s3.deleteObject(r -> r.bucket(bucket).key(key));
  }

  @Override
  public String bucket() {
    return bucket;
  }

  /**
   * A write the SDK retried after an I/O error may have landed on its first attempt: the retry then
   * loses to that very write. The object holding exactly these bytes tells it did; else it was lost.
   * (A rival that wrote the very same bytes would pass for this write: the records written here carry
   * an owner, a deadline or a time, so rivals' bytes differ.)
   */
  private String landedAnyway(String key, byte[] bytes, S3Exception e) {
    RuntimeException failure = lostOrRethrow(key, e);
    if (failure instanceof PreconditionFailedException && e.numAttempts() != null && e.numAttempts() > 1) {
      Optional<Versioned<byte[]>> stored = read(key);
      if (stored.isPresent() && Arrays.equals(stored.get().value(), bytes)) {
        return stored.get().etag();
      }
    }
    throw failure;
  }

  private RuntimeException lostOrRethrow(String key, S3Exception e) {
    return failureOfConditionalWrite(bucket, key, e);
  }

  /**
   * What a refused conditional PUT of {@code bucket/key} means: a lost race
   * ({@link PreconditionFailedException}: 412; 409, AWS's answer to concurrent conditional writes;
   * NoSuchKey, an {@code If-Match} of an object deleted since), a store without conditional writes
   * ({@link ConditionalWritesUnsupportedException}: 501), or else the failure itself (a missing bucket is no race).
   */
  public static RuntimeException failureOfConditionalWrite(String bucket, String key, S3Exception e) {
    if (e.statusCode() == PRECONDITION_FAILED || e.statusCode() == CONFLICT || e instanceof NoSuchKeyException) {
      return new PreconditionFailedException(bucket, key);
    }
    if (e.statusCode() == 501) {
      return new ConditionalWritesUnsupportedException("the store refused a conditional write of " + bucket + "/" + key
          + ": " + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()));
    }
    return e;
  }

  /**
   * Checks once, at start-up, that the store refuses a second {@code If-None-Match: *} create and a
   * stale {@code If-Match} replace: a store that ignores them would let two invocations both run.
   *
   * @throws ConditionalWritesUnsupportedException when it does not
   */
  public void verifyConditionalWrites(String probeKey) {
    try {
      create(probeKey, probe(), "text/plain");
    } catch (PreconditionFailedException alreadyThere) {
      // a probe from an earlier start: the second create below still tells
    }
    try {
      create(probeKey, probe(), "text/plain");
      throw new ConditionalWritesUnsupportedException("a second create with If-None-Match: * of "
          + bucket + "/" + probeKey + " succeeded");
    } catch (PreconditionFailedException expected) {
      // the store honours If-None-Match
    }
    try {
      replace(probeKey, probe(), "text/plain", "\"00000000000000000000000000000000\"");
      throw new ConditionalWritesUnsupportedException("a replace with a stale If-Match of "
          + bucket + "/" + probeKey + " succeeded");
    } catch (PreconditionFailedException expected) {
      // the store honours If-Match
    }
  }

  /** Bytes no other write has: a refused probe must not pass for one that landed (see landedAnyway). */
  private static byte[] probe() {
    return ("probe " + java.util.UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }
}
