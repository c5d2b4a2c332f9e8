package io.fnjobs.common.idempotency;

import java.time.Instant;

/**
 * Idempotency keys derived from the event, never from Fn's call id (new for every call), so that a
 * redelivered event carries the same key and new content does not.
 */
public final class IdempotencyKeys {

  private IdempotencyKeys() {}

  /** An object version: bucket, key and version id, or the ETag where the bucket keeps no versions. */
  public static String blob(String bucket, String key, String etag, String versionId) {
    String version = versionId != null && !versionId.isBlank() ? "v:" + versionId : "etag:" + unquote(etag);
    return "blob:" + bucket + "/" + key + "#" + version;
  }

  /**
   * One upload of an object in a bucket that keeps no versions: the key of its ETag
   * ({@link #blob}), narrowed by the upload's last-modified time and, where the event has one, the
   * store's sequencer of the change. The ETag alone names the content, which an upload of the same
   * bytes repeats: content A, then B, then A again would find A's first record and run nothing. A
   * redelivery of one event repeats all three parts and is not run again.
   *
   * <p>The last-modified time is read from the store, the same for an event and for the sweep, but
   * the sweep has no sequencer: an upload that reaches a function both by its event and by the sweep
   * runs under two keys. The trigger layer's receipt of the version lets only one of them through,
   * unless the receipt is lost (a store error, or forgotten in a race with another version); then the
   * same bytes are processed twice, to the same result. The sequencer is worth that: without it, two
   * uploads within one second (the resolution of last-modified) would share a key, and the second
   * would not run at all.
   *
   * @param lastModified the object's last-modified time as the store reports it; null when it reports none
   * @param sequencer the store's sequencer of the change (hexadecimal); null from the sweep
   */
  public static String blobUpload(String bucket, String key, String etag, Instant lastModified, String sequencer) {
    StringBuilder upload = new StringBuilder(blob(bucket, key, etag, null));
    if (lastModified != null) {
      upload.append("#modified:").append(lastModified);
    }
    if (sequencer != null && !sequencer.isBlank()) {
      upload.append("#sequencer:").append(sequencer);
    }
    return upload.toString();
  }

  /**
   * A removal of an object without version id: bucket, key and what tells this removal from the other
   * removals of the key (the store's sequencer, else the event's time), so that a removal after the
   * object was uploaded again runs again, while a redelivery of the event does not.
   */
  public static String blobRemoval(String bucket, String key, String removal) {
    return "blob:" + bucket + "/" + key + "#v:removed:" + removal;
  }

  /** A message: its business key where it has one (e.g. orderId + sequence), else the message id. */
  public static String message(String queue, String businessKey, String messageId) {
    return businessKey != null && !businessKey.isBlank()
        ? "queue:" + queue + ":" + businessKey
        : "queue:" + queue + ":message:" + messageId;
  }

  /** A timer slot: the trigger and the scheduled time, whoever fires it. */
  public static String timer(String trigger, Instant slot) {
    return "timer:" + trigger + "@" + slot;
  }

  private static String unquote(String etag) {
    if (etag == null) {
      return "";
    }
    return etag.startsWith("\"") && etag.endsWith("\"") && etag.length() > 1 ? etag.substring(1, etag.length() - 1) : etag;
  }
}
