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
