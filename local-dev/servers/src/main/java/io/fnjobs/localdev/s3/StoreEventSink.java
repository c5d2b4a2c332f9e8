package io.fnjobs.localdev.s3;

/**
 * Where the embedded S3 store reports each committed change, e.g. to a webhook like MinIO's bucket
 * notifications ({@link MinioWebhookSender}).
 *
 * <p>The store calls {@link #accept} on the thread of the S3 request, after the change is on disk and
 * while it still holds the key's write lock: so the events of one key arrive in the order the changes
 * were made, and an implementation must return at once (hand the event on, never do I/O). An exception
 * it throws is logged and does not fail the S3 request, whose change has already happened.
 */
@FunctionalInterface
public interface StoreEventSink {

  /** Reports nothing: the stack's "notifications off" setting. */
  StoreEventSink NONE = event -> {};

  void accept(StoreEvent event);

  /** This sink, for the events {@code rule} lets through only. */
  default StoreEventSink filtered(java.util.function.Predicate<StoreEvent> rule) {
    return event -> {
      if (rule.test(event)) {
        accept(event);
      }
    };
  }
}
