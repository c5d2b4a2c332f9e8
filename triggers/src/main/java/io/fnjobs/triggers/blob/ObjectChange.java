package io.fnjobs.triggers.blob;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.common.store.ETags;
import io.fnjobs.triggers.tracing.InvocationTracer;
import java.time.Instant;
import java.util.Objects;

/**
 * One change of one object, however it was learnt of: a MinIO webhook, an S3 event notification from
 * a queue, the sweep, or a dead letter replayed. The key is decoded; the ETag has no quotes.
 *
 * @param versionId the S3 version id when the bucket keeps versions, else null
 * @param sequencer orders the changes of one key (hex, from the store); null from the sweep, and from
 *     stores that send none
 * @param eventTime when the store's event says the change happened, as it wrote it; null from the sweep
 * @param lastModified from the sweep only (ISO-8601): a created object's Last-Modified as the listing
 *     gave it; for a removal the sweep noticed, the Last-Modified of the upload that is gone
 * @param traceparent the W3C trace context the event came with (a webhook's header, a queue message's
 *     attribute), which the invocations of the change continue; null for a trace of their own. Not
 *     stored: a receipt or dead letter read back has none
 */
public record ObjectChange(
    Change change, String bucket, String key, String etag, Long size, String versionId, String sequencer,
    String eventTime, String lastModified, Source source, @JsonIgnore String traceparent) {

  /** How the trigger layer learnt of a change. */
  public enum Source {
    webhook,
    queue,
    sweep,
    replay,
    /** Claimed by an earlier start of this instance and not finished: taken up again at start. */
    resumed
  }

  /** A change an event brought: no listing time. */
  public ObjectChange(Change change, String bucket, String key, String etag, Long size, String versionId,
      String sequencer, String eventTime, Source source) {
    this(change, bucket, key, etag, size, versionId, sequencer, eventTime, null, source, null);
  }

  /** A change without trace context. */
  public ObjectChange(Change change, String bucket, String key, String etag, Long size, String versionId,
      String sequencer, String eventTime, String lastModified, Source source) {
    this(change, bucket, key, etag, size, versionId, sequencer, eventTime, lastModified, source, null);
  }

  public ObjectChange {
    Objects.requireNonNull(change, "change");
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(source, "source");
    etag = ETags.bare(etag);
    versionId = versionId == null || versionId.isBlank() || "null".equals(versionId) ? null : versionId;
    traceparent = InvocationTracer.validTraceparent(traceparent);
    if (change == Change.created && etag == null && versionId == null) {
      throw new IllegalArgumentException("a created object needs an ETag or a version id: " + bucket + "/" + key);
    }
  }

  public static ObjectChange created(String bucket, String key, String etag, Long size, Source source) {
    return new ObjectChange(Change.created, bucket, key, etag, size, null, null, null, source);
  }

  /** An object version as the sweep lists it: {@code versionId} null where the bucket keeps no versions. */
  public static ObjectChange listed(String bucket, String key, String etag, Long size, String versionId,
      Instant lastModified) {
    return new ObjectChange(Change.created, bucket, key, etag, size, versionId, null, null,
        lastModified == null ? null : lastModified.toString(), Source.sweep);
  }

  /**
   * A removal the sweep noticed, no event having brought it: the object is gone, but its receipt says an
   * upload of it was processed. {@code markerId} is the delete marker's version id where the bucket keeps
   * versions (an event of the removal names it the same); {@code goneUpload} is the Last-Modified of the
   * upload that is gone, which names the removal otherwise.
   */
  public static ObjectChange noticedRemoval(String bucket, String key, String markerId, Instant goneUpload) {
    return new ObjectChange(Change.removed, bucket, key, null, null, markerId, null, null, goneUpload.toString(),
        Source.sweep);
  }

  /**
   * The version this change is about, which names its receipt: the version id where there is one, else
   * the ETag of a created object; a removal without version id is named by its sequencer, else by its
   * event's time, since every removal of a key is a change of its own.
   */
  public String version() {
    if (versionId != null) {
      return versionId;
    }
    if (change == Change.created) {
      return etag;
    }
    return "removed:" + removal();
  }

  /**
   * What tells a removal without version id from the other removals of its key, the same in every
   * delivery of its event: the store's sequencer, else the event's time; for a removal the sweep
   * noticed, the upload that went, which every instance's sweep names alike. Delete, upload again,
   * delete: the second removal is named apart from the first, and runs.
   */
  private String removal() {
    if (sequencer != null) {
      return sequencer;
    }
    if (eventTime != null) {
      return "at:" + eventTime;
    }
    if (lastModified != null) {
      return "after:" + lastModified;
    }
    // only a dead letter written before event times were kept: named as its receipt was then
    return "unsequenced";
  }

  /** The idempotency key the function runs the change under (see {@link IdempotencyKeys#blob}). */
  public String idempotencyKey() {
    if (change == Change.created || versionId != null) {
      return IdempotencyKeys.blob(bucket, key, etag, versionId);
    }
    return IdempotencyKeys.blobRemoval(bucket, key, removal());
  }

  /** {@code bucket/key@version}, as run records and logs name the event. */
  public String eventId() {
    return bucket + "/" + key + "@" + version();
  }

  /** The same change learnt of another way. */
  public ObjectChange from(Source other) {
    return new ObjectChange(change, bucket, key, etag, size, versionId, sequencer, eventTime, lastModified, other,
        traceparent);
  }

  /** The same change in the trace of {@code sent}, where it is a valid W3C {@code traceparent}; else in none. */
  public ObjectChange tracedBy(String sent) {
    return new ObjectChange(change, bucket, key, etag, size, versionId, sequencer, eventTime, lastModified, source,
        sent);
  }

  /** The event the function is invoked with; the sequencer goes along to order the function's flag. */
  public TriggerEvent toEvent(String trigger) {
    return TriggerEvent.ofBlob(trigger, eventId(), idempotencyKey(),
        new BlobChange(change, bucket, key, etag, size, versionId, sequencer));
  }
}
