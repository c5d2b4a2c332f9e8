package io.fnjobs.localdev.s3;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One committed change to an object in the embedded S3 store, named the way MinIO and S3 name it.
 *
 * @param kind whether the object was created (put, copied, assembled) or removed
 * @param eventName the S3 event name, e.g. {@code s3:ObjectCreated:Put} or {@code s3:ObjectRemoved:Delete}
 * @param bucket the bucket
 * @param key the object key, as the client sent it (not URL-encoded)
 * @param etag the new object's ETag without quotes; null for a removal
 * @param size the new object's size in bytes; null for a removal
 * @param contentType the new object's content type; null for a removal or when none was set
 * @param userMetadata the new object's user metadata ({@code x-amz-meta-*} without the prefix)
 * @param versionId always null: the embedded store does not version objects
 * @param sequencer orders the changes: a later change has a greater value (16 upper-case hex digits, as
 *     MinIO writes it, so that text order is change order)
 * @param eventTime when the change was committed
 */
public record StoreEvent(
    Kind kind,
    String eventName,
    String bucket,
    String key,
    String etag,
    Long size,
    String contentType,
    Map<String, String> userMetadata,
    String versionId,
    String sequencer,
    Instant eventTime) {

  /** What happened to the object. */
  public enum Kind {
    created,
    removed
  }

  public static final String PUT = "s3:ObjectCreated:Put";
  public static final String COPY = "s3:ObjectCreated:Copy";
  public static final String COMPLETE_MULTIPART_UPLOAD = "s3:ObjectCreated:CompleteMultipartUpload";
  public static final String DELETE = "s3:ObjectRemoved:Delete";

  public StoreEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(sequencer, "sequencer");
    Objects.requireNonNull(eventTime, "eventTime");
    userMetadata = userMetadata == null ? Map.of() : Map.copyOf(userMetadata);
  }

  /** A new object under {@code key}: put, copied or assembled from a multipart upload. */
  public static StoreEvent created(
      String eventName, String bucket, String key, String etag, Long size, String contentType,
      Map<String, String> userMetadata, String sequencer, Instant eventTime) {
    return new StoreEvent(
        Kind.created, eventName, bucket, key, etag, size, contentType, userMetadata, null, sequencer, eventTime);
  }

  /** The object under {@code key} was deleted. */
  public static StoreEvent removed(String bucket, String key, String sequencer, Instant eventTime) {
    return new StoreEvent(Kind.removed, DELETE, bucket, key, null, null, null, Map.of(), null, sequencer, eventTime);
  }
}
