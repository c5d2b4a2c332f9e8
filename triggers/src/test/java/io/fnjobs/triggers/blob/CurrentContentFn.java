package io.fnjobs.triggers.blob;

import io.fnjobs.common.event.BlobEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.store.ETags;
import io.fnjobs.triggers.fn.FnClient;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.fn.InvokeResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An Fn server whose function judges a created object as the thumbnail function does, on the real
 * store: an event whose object is gone, or has other content than the event names, is stale and
 * answered {@code skipped}; any other is processed (recorded in {@link #processed()}) and answered
 * {@code succeeded}. The thumbnail function's own tests cover the rendering; this is its contract with
 * the trigger layer, without a function host in between.
 */
final class CurrentContentFn implements FnClient {

  private final S3Client s3;
  private final List<TriggerEvent> calls = new CopyOnWriteArrayList<>();
  private final List<String> processed = new CopyOnWriteArrayList<>();

  CurrentContentFn(S3Client s3) {
    this.s3 = s3;
  }

  /** Every invocation, stale ones included. */
  List<TriggerEvent> calls() {
    return calls;
  }

  /** The ETags of the created objects processed, in order: the content the thumbnails were made from. */
  List<String> processed() {
    return processed;
  }

  @Override
  public FunctionRef resolve(String app, String function) {
    return new FunctionRef(app, "app-id", function, "fn-id", Duration.ofSeconds(30));
  }

  @Override
  public InvokeResult invoke(FunctionRef function, byte[] body, String contentType, Duration timeout) {
    TriggerEvent event = Json.read(body, TriggerEvent.class, "the invocation body");
    calls.add(event);
    BlobChange blob = ((BlobEvent) event).blob();
    if (blob.change() == BlobChange.Change.removed) {
      return reply("{\"state\":\"succeeded\"}");
    }
    Optional<String> current = etagOf(blob);
    if (current.isEmpty() || !current.get().equals(blob.etag())) {
      return reply("{\"state\":\"skipped\",\"detail\":\"the object has other content\"}");
    }
    processed.add(blob.etag());
    return reply("{\"state\":\"succeeded\"}");
  }

  private Optional<String> etagOf(BlobChange blob) {
    try {
      return Optional.of(ETags.bare(s3.headObject(r -> r.bucket(blob.bucket()).key(blob.key())).eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  private static InvokeResult reply(String body) {
    return new InvokeResult(200, "call-" + System.nanoTime(), body.getBytes(StandardCharsets.UTF_8), "application/json");
  }
}
