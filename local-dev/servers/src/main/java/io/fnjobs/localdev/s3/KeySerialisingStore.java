package io.fnjobs.localdev.s3;

import java.io.InputStream;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Runs the writes of one key one at a time, and makes {@code If-Match} a real compare-and-swap.
 *
 * <p>S3Proxy answers {@code If-Match} on a filesystem store by reading the ETag and then writing, with
 * nothing in between to stop a second writer: two writers holding the same ETag could both win, which
 * breaks the idempotency records and leases kept in the state bucket. Here every write of a key (put,
 * copy onto it, multipart completion, delete) takes the key's lock, and a put's {@code If-Match} is
 * checked again under it. {@code If-None-Match} the filesystem store already settles atomically; the
 * lock also covers it, so it cannot interleave with an {@code If-Match} write of the same key.
 *
 * <p>One gap is left: S3Proxy checks a multipart completion's {@code If-Match} itself and does not pass
 * it on, so that check stays outside the lock. No fnjobs component completes multipart uploads
 * conditionally.
 *
 * <p>Must stay a {@link ForwardingBlobStore}: S3Proxy looks through such wrappers to recognise the
 * filesystem store underneath, and refuses conditional writes (501) on a store it does not recognise.
 */
final class KeySerialisingStore extends ForwardingBlobStore {

  /** Keys share these locks by hash: a collision only makes two keys wait for each other. */
  private static final int STRIPES = 1024;

  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  KeySerialisingStore(BlobStore delegate) {
    super(delegate);
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
    return underKeyLock(
        request.bucket(),
        request.key(),
        () -> {
          checkIfMatch(request.bucket(), request.key(), request.ifMatch());
          return super.putBlob(request, payload);
        });
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    return underKeyLock(request.destinationBucket(), request.destinationKey(), () -> super.copyBlob(request));
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload upload, CompleteMultipartUploadRequest request) {
    return underKeyLock(
        upload.containerName(), upload.blobName(), () -> super.completeMultipartUpload(upload, request));
  }

  /** Also serves a multi-object delete, which S3Proxy runs as one {@code removeBlob} per key. */
  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    return underKeyLock(request.bucket(), request.key(), () -> super.removeBlob(request));
  }

  private void checkIfMatch(String bucket, String key, String ifMatch) {
    if (ifMatch == null) {
      return;
    }
    HeadObjectResponse current = delegate().blobMetadataIfPresent(bucket, key);
    if (current == null) {
      // what S3 answers to If-Match on a missing key, and what S3Proxy answered before the lock
      throw S3Exceptions.noSuchKey(bucket, key, "If-Match on a missing object");
    }
    if (!"*".equals(ifMatch) && !unquoted(ifMatch).equals(unquoted(current.eTag()))) {
      throw S3Exceptions.preconditionFailed(null);
    }
  }

  static String unquoted(String etag) {
    return etag == null ? "" : etag.replace("\"", "");
  }

  private <T> T underKeyLock(String bucket, String key, Supplier<T> write) {
    ReentrantLock lock = stripes[Math.floorMod((bucket + '/' + key).hashCode(), STRIPES)];
    lock.lock();
    try {
      return write.get();
    } finally {
      lock.unlock();
    }
  }
}
