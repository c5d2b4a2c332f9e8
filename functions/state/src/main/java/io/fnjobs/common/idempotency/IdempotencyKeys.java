package io.fnjobs.common.idempotency;

import io.fnjobs.common.store.ETags;
import java.time.Instant;
import java.util.Objects;

/**
 * Idempotency keys derived from the event, never from Fn's call id (new for every call), so that a
 * redelivered event carries the same key and new content does not; and each in the namespace of the
 * function that runs it ({@link #forFunction}), so that two functions given one event keep a record
 * each.
 */
public final class IdempotencyKeys {

  private static final String FUNCTION_NAMESPACE = "fn:";

  private IdempotencyKeys() {}

  /**
   * The key under which function {@code function} of app {@code app} runs an event keyed
   * {@code eventKey}: {@code fn:<app>/<function>:<eventKey>}. The same upload delivered to a
   * thumbnail function and to another function is two pieces of work: each takes, completes and is
   * answered from its own record, never from the other's. App and function, because Fn names a
   * function uniquely only within its app, and two apps may share a state bucket; not the trigger,
   * because two triggers that give one function the same event must not make its effects happen
   * twice. A key already in this function's namespace is returned as it is.
   *
   * @throws IllegalArgumentException when a name is blank or holds {@code :} or {@code /}, which Fn's
   *     names never do and which would make namespaces overlap
   */
  public static String forFunction(String app, String function, String eventKey) {
    String namespace = FUNCTION_NAMESPACE + name("app", app) + "/" + name("function", function) + ":";
    return eventKey.startsWith(namespace) ? eventKey : namespace + eventKey;
  }

  /**
   * {@code derived}, a key a function derives from its event itself (e.g. {@link #blobUpload}, which
   * narrows the event's key), in the function namespace of {@code eventKey}, the key the event came
   * with; as it is when that key has none (an event not sent by the trigger layer, such as a direct
   * invoke with a key of the caller's).
   */
  public static String inNamespaceOf(String eventKey, String derived) {
    int end = eventKey.startsWith(FUNCTION_NAMESPACE) ? eventKey.indexOf(':', FUNCTION_NAMESPACE.length()) : -1;
    if (end < 0) {
      return derived;
    }
    String namespace = eventKey.substring(0, end + 1);
    return derived.startsWith(namespace) ? derived : namespace + derived;
  }

  private static String name(String what, String value) {
    if (value == null || value.isBlank() || value.contains(":") || value.contains("/")) {
      throw new IllegalArgumentException("the " + what + " name '" + value + "' cannot name an idempotency namespace:"
          + " it must not be blank nor hold ':' or '/'");
    }
    return value;
  }

  /** An object version: bucket, key and version id, or the ETag where the bucket keeps no versions. */
  public static String blob(String bucket, String key, String etag, String versionId) {
    String version = versionId != null && !versionId.isBlank() ? "v:" + versionId : "etag:" + Objects.requireNonNullElse(ETags.bare(etag), "");
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
}
