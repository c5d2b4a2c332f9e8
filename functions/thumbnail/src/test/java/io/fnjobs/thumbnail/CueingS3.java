package io.fnjobs.thumbnail;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A real S3 client with a cue: a PUT runs the cue before it goes to the store. A test puts
 * there what another writer did between this writer's read and its write, which no timing on a
 * loopback server would make happen reliably.
 */
final class CueingS3 implements S3Client {

  private final S3Client s3;
  private final AtomicReference<Runnable> cue = new AtomicReference<>();
  private final AtomicInteger putsBeforeCue = new AtomicInteger();

  CueingS3(S3Client s3) {
    this.s3 = s3;
  }

  /** Runs {@code action} once, just before the next PUT is sent. */
  void beforeNextPut(Runnable action) {
    beforePut(1, action);
  }

  /** Runs {@code action} once, just before the {@code n}th PUT from now is sent (1: the next). */
  void beforePut(int n, Runnable action) {
    putsBeforeCue.set(n - 1);
    cue.set(action);
  }

  boolean cueRan() {
    return cue.get() == null;
  }

  @Override
  public HeadObjectResponse headObject(HeadObjectRequest request) {
    return s3.headObject(request);
  }

  @Override
  public PutObjectResponse putObject(PutObjectRequest request, RequestBody body) {
    Runnable pending = putsBeforeCue.getAndDecrement() > 0 ? null : cue.getAndSet(null);
    if (pending != null) {
      pending.run();
    }
    return s3.putObject(request, body);
  }

  @Override
  public String serviceName() {
    return s3.serviceName();
  }

  @Override
  public void close() {
    // the wrapped client belongs to the test
  }
}
