package io.fnjobs.localdev.s3;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
 * Reports every successful object write and delete to a {@link StoreEventSink}, as MinIO's bucket
 * notifications do. Sits under {@link KeySerialisingStore}, so it reports while the key is still
 * locked and the events of one key come out in the order of the changes.
 *
 * <p>A {@link ForwardingBlobStore} for the same reason as {@link KeySerialisingStore}.
 */
final class NotifyingStore extends ForwardingBlobStore {

  private static final Logger LOG = LoggerFactory.getLogger(NotifyingStore.class);

  /** S3Proxy keeps a multipart upload's metadata in such objects; they are not the user's. */
  private static final String MULTIPART_STUB_PREFIX = ".s3proxy-mpu-stub-";

  private final StoreEventSink sink;
  private final Clock clock;
  private final AtomicLong lastSequence = new AtomicLong();

  NotifyingStore(BlobStore delegate, StoreEventSink sink, Clock clock) {
    super(delegate);
    this.sink = sink;
    this.clock = clock;
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream payload) {
    PutObjectResponse response = super.putBlob(request, payload);
    if (!isUserObject(request.key())) {
      return response;
    }
    if (request.contentLength() != null && request.contentType() != null && response.eTag() != null) {
      // a put's request and answer say all the event needs: no reading back (a PUT is the hot path)
      reportCreated(StoreEvent.PUT, request.bucket(), request.key(), response.eTag(), request.contentLength(),
          request.contentType(), request.metadata());
    } else {
      reportCreated(StoreEvent.PUT, request.bucket(), request.key());
    }
    return response;
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    CopyObjectResponse response = super.copyBlob(request);
    reportCreated(StoreEvent.COPY, request.destinationBucket(), request.destinationKey());
    return response;
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload upload, CompleteMultipartUploadRequest request) {
    CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
    reportCreated(StoreEvent.COMPLETE_MULTIPART_UPLOAD, upload.containerName(), upload.blobName());
    return response;
  }

  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    // S3 answers a delete of a missing key with success too; only a real removal is an event
    boolean existed = isUserObject(request.key()) && delegate().blobExists(request.bucket(), request.key());
    DeleteObjectResponse response = super.removeBlob(request);
    if (existed) {
      Instant now = clock.instant();
      report(StoreEvent.removed(request.bucket(), request.key(), nextSequencer(now), now));
    }
    return response;
  }

  private void reportCreated(String eventName, String bucket, String key) {
    if (!isUserObject(key)) {
      return;
    }
    // read back what was written: the request alone lacks the ETag of a copy and the size of an assembly
    HeadObjectResponse head = delegate().blobMetadataIfPresent(bucket, key);
    if (head == null) {
      return;
    }
    reportCreated(eventName, bucket, key, head.eTag(), head.contentLength(), head.contentType(), head.metadata());
  }

  private void reportCreated(String eventName, String bucket, String key, String etag, Long size,
      String contentType, Map<String, String> userMetadata) {
    Instant now = clock.instant();
    report(StoreEvent.created(eventName, bucket, key, KeySerialisingStore.unquoted(etag), size, contentType,
        userMetadata, nextSequencer(now), now));
  }

  private void report(StoreEvent event) {
    try {
      sink.accept(event);
    } catch (RuntimeException e) {
      LOG.warn("reporting {} of {}/{} failed; the object change itself stands: {}",
          event.eventName(), event.bucket(), event.key(), e.toString());
    }
  }

  private static boolean isUserObject(String key) {
    return !key.startsWith(MULTIPART_STUB_PREFIX);
  }

  /** The event time in nanoseconds, nudged forward where needed so that no two events share one. */
  private String nextSequencer(Instant now) {
    long nanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    long sequence = lastSequence.accumulateAndGet(nanos, (last, candidate) -> Math.max(last + 1, candidate));
    return String.format("%016X", sequence);
  }
}
