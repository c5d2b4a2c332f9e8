package io.fnjobs.triggers.blob;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.common.store.ETags;
import io.fnjobs.triggers.tracing.InvocationTracer;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One change of one object, however it was learnt of: a MinIO webhook, an S3 event notification from
 * a queue, the sweep, or a dead letter replayed. It is the {@link BlobChange} the function is invoked
 * with, plus what only the trigger layer needs to name, order and trace it. The key is decoded; the ETag
 * has no quotes.
 *
 * <p>Stored (receipts' hold notes, dead letters) as one flat object, the change's fields beside its own,
 * as it was before it held the change as a part: read through {@code @JsonUnwrapped}, written by
 * {@link StoredForm}.
 *
 * @param blob the change itself, as the function receives it
 * @param eventTime when the store's event says the change happened, as it wrote it; null from the sweep
 * @param lastModified from the sweep only (ISO-8601): a created object's Last-Modified as the listing
 *     gave it; for a removal the sweep noticed, the Last-Modified of the upload that is gone
 * @param traceparent the W3C trace context the event came with (a webhook's header, a queue message's
 *     attribute), which the invocations of the change continue; null for a trace of their own. Not
 *     stored: a receipt or dead letter read back has none
 */
@JsonSerialize(using = ObjectChange.StoredForm.class)
public record ObjectChange(
    @JsonUnwrapped BlobChange blob, String eventTime, String lastModified, Source source,
    @JsonIgnore String traceparent) {

  /** How the trigger layer learnt of a change. */
  public enum Source {
    webhook,
    queue,
    sweep,
    replay,
    /** Claimed by an earlier start of this instance and not finished: taken up again at start. */
    resumed
  }

  public ObjectChange {
    Objects.requireNonNull(blob, "blob");
    Objects.requireNonNull(source, "source");
    blob = normalised(blob);
    traceparent = InvocationTracer.validTraceparent(traceparent);
    if (blob.change() == Change.created && blob.etag() == null && blob.versionId() == null) {
      throw new IllegalArgumentException(
          "a created object needs an ETag or a version id: " + blob.bucket() + "/" + blob.key());
    }
  }

  /** The ETag without quotes; no version id where a store writes none, an empty one or {@code "null"}. */
  private static BlobChange normalised(BlobChange blob) {
    String etag = ETags.bare(blob.etag());
    String versionId = blob.versionId();
    versionId = versionId == null || versionId.isBlank() || "null".equals(versionId) ? null : versionId;
    if (Objects.equals(etag, blob.etag()) && Objects.equals(versionId, blob.versionId())) {
      return blob;
    }
    return new BlobChange(blob.change(), blob.bucket(), blob.key(), etag, blob.size(), versionId, blob.sequencer());
  }

  /** A change a store's event brought, without trace context: no listing time. */
  public static ObjectChange told(BlobChange blob, String eventTime, Source source) {
    return new ObjectChange(blob, eventTime, null, source, null);
  }

  /** A created object named by its ETag alone: no version id, sequencer or event time. */
  public static ObjectChange created(String bucket, String key, String etag, Long size, Source source) {
    return told(new BlobChange(Change.created, bucket, key, etag, size, null), null, source);
  }

  /** An object version as the sweep lists it: {@code versionId} null where the bucket keeps no versions. */
  public static ObjectChange listed(String bucket, String key, String etag, Long size, String versionId,
      Instant lastModified) {
    return new ObjectChange(new BlobChange(Change.created, bucket, key, etag, size, versionId), null,
        lastModified == null ? null : lastModified.toString(), Source.sweep, null);
  }

  /**
   * A removal the sweep noticed, no event having brought it: the object is gone, but its receipt says an
   * upload of it was processed. {@code markerId} is the delete marker's version id where the bucket keeps
   * versions (an event of the removal names it the same); {@code goneUpload} is the Last-Modified of the
   * upload that is gone, which names the removal otherwise.
   */
  public static ObjectChange noticedRemoval(String bucket, String key, String markerId, Instant goneUpload) {
    return new ObjectChange(new BlobChange(Change.removed, bucket, key, null, null, markerId), null,
        goneUpload.toString(), Source.sweep, null);
  }

  /**
   * The version this change is about, which names its receipt: the version id where there is one, else
   * the ETag of a created object; a removal without version id is named by its sequencer, else by its
   * event's time, since every removal of a key is a change of its own.
   */
  public String version() {
    if (blob.versionId() != null) {
      return blob.versionId();
    }
    if (blob.change() == Change.created) {
      return blob.etag();
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
    if (blob.sequencer() != null) {
      return blob.sequencer();
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
    if (blob.change() == Change.created || blob.versionId() != null) {
      return IdempotencyKeys.blob(blob.bucket(), blob.key(), blob.etag(), blob.versionId());
    }
    return IdempotencyKeys.blobRemoval(blob.bucket(), blob.key(), removal());
  }

  /** {@code bucket/key@version}, as run records and logs name the event. */
  public String eventId() {
    return blob.bucket() + "/" + blob.key() + "@" + version();
  }

  /** The same change learnt of another way. */
  public ObjectChange from(Source other) {
    return new ObjectChange(blob, eventTime, lastModified, other, traceparent);
  }

  /** The same change in the trace of {@code sent}, where it is a valid W3C {@code traceparent}; else in none. */
  public ObjectChange tracedBy(String sent) {
    return new ObjectChange(blob, eventTime, lastModified, source, sent);
  }

  /** The event the function is invoked with: the change as it is, its sequencer ordering the function's flag. */
  public TriggerEvent toEvent(String trigger) {
    return TriggerEvent.ofBlob(trigger, eventId(), idempotencyKey(), blob);
  }

  /**
   * Writes a change as it has always been stored: one object of every field, null or not, keys in the
   * mapper's order. {@code @JsonUnwrapped} alone would leave out the change's empty fields, which
   * {@link BlobChange} omits on its way to a function, and would write them apart from the others.
   */
  static final class StoredForm extends StdSerializer<ObjectChange> {

    StoredForm() {
      super(ObjectChange.class);
    }

    @Override
    public void serialize(ObjectChange change, JsonGenerator out, SerializerProvider provider) throws IOException {
      Map<String, Object> fields = new TreeMap<>();
      putComponents(change.blob(), fields);
      putComponents(change, fields);
      provider.defaultSerializeValue(fields, out);
    }

    /** The record's stored components: all but the unwrapped part and the ignored ones. */
    private static void putComponents(Record record, Map<String, Object> into) {
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        Method accessor = component.getAccessor();
        if (accessor.isAnnotationPresent(JsonIgnore.class) || accessor.isAnnotationPresent(JsonUnwrapped.class)) {
          continue;
        }
        try {
          into.put(component.getName(), accessor.invoke(record));
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException("a record's accessor is public: " + accessor, e);
        }
      }
    }
  }
}
