package io.fnjobs.triggers.blob;

import io.fnjobs.common.event.TriggerEvent.Kind;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.http.AdminServer;
import io.fnjobs.triggers.http.AdminServer.Reply;
import io.fnjobs.triggers.http.AdminServer.Request;
import io.fnjobs.triggers.http.BearerToken;
import io.fnjobs.triggers.runtime.QueueClients;
import io.fnjobs.triggers.runtime.TriggerContext;
import io.fnjobs.triggers.runtime.TriggerListener;
import io.fnjobs.triggers.runtime.TriggerModule;
import io.fnjobs.triggers.tracing.InvocationTracer;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Blob triggers: changes of objects in a bucket. Besides one {@link BlobListener} per definition, it
 * serves the MinIO webhook receiver and the dead-letter tooling:
 *
 * <ul>
 *   <li>{@code POST /events/minio}: a MinIO bucket notification (webhook target), with
 *       {@code Authorization: Bearer <FNJOBS_WEBHOOK_TOKEN>}; 200 once its changes are queued, 401
 *       without the token, 400 for a body that is not one or has a record that cannot be read (a key
 *       with a bad percent escape, say), naming the record's field and value: the body is refused
 *       whole, before any of its records is taken. 503 when the triggers cannot take them now (MinIO
 *       sends it again; what some triggers took already is then a duplicate, which receipts absorb);
 *   <li>{@code GET /dead-letters?trigger=&limit=}: the dead letters of one or every blob trigger;
 *   <li>{@code POST /dead-letters/{trigger}/{id}/replay}: invokes a dead letter's change again, with
 *       fresh attempts; 202 once queued.
 * </ul>
 */
public final class BlobTriggerModule implements TriggerModule {

  /**
   * The setting with the bearer token the store's webhooks must carry
   * ({@link io.fnjobs.triggers.TriggerLayerOptions#typeSettings()}); unset refuses every webhook.
   */
  public static final String WEBHOOK_TOKEN = "FNJOBS_WEBHOOK_TOKEN";

  private static final Logger LOG = LoggerFactory.getLogger(BlobTriggerModule.class);
  // a MinIO notification carries one record; this leaves room for batches without inviting abuse
  private static final int MAX_BODY_BYTES = 1024 * 1024;
  private static final String DEAD_LETTER_ID = "[0-9a-f]{32}";

  @Override
  public Kind type() {
    return Kind.blob;
  }

  @Override
  public Class<BlobSource> sourceSpec() {
    return BlobSource.class;
  }

  @Override
  public TriggerListener listen(TriggerDefinition definition, FunctionRef function, TriggerContext context) {
    String stateBucket = context.options().stateBucket();
    // an SQS client only for a trigger told of changes through a queue
    SqsClient sqs = definition.source(BlobSource.class).eventQueueName().isPresent() ? QueueClients.shared(context) : null;
    return new BlobListener(definition, function, context.s3(), sqs, context.invoker(),
        new ObjectStoreReceipts(context.s3(), stateBucket, context.clock()),
        new ObjectStoreDeadLetters(context.s3(), stateBucket), context.clock(), context.options().instanceId(),
        context.pauses());
  }

  @Override
  public void routes(AdminServer admin, List<TriggerListener> listeners, TriggerContext context) {
    List<BlobListener> blobs = listeners.stream().map(BlobListener.class::cast).toList();
    String token = context.options().typeSettings().get(WEBHOOK_TOKEN, "");
    admin.routeWithOwnAuth("POST", "/events/minio", request -> minioEvents(request, blobs, token));
    admin.route("GET", "/dead-letters", request -> deadLetters(request, blobs));
    admin.route("POST", "/dead-letters/{trigger}/{id}/replay", request -> replay(request, blobs));
  }

  private static Reply minioEvents(Request request, List<BlobListener> listeners, String token) throws IOException {
    if (token.isBlank()) {
      return Reply.error(401, "webhooks are refused: " + WEBHOOK_TOKEN + " is not set; set it, and the same value"
          + " as the MinIO webhook target's auth_token");
    }
    if (!BearerToken.of(token).matches(request.headers().getFirst("Authorization"))) {
      return Reply.error(401, "missing or wrong bearer token: the MinIO webhook target's auth_token must equal "
          + WEBHOOK_TOKEN);
    }
    byte[] body = readAtMost(request.body(), MAX_BODY_BYTES);
    if (body == null) {
      return Reply.error(413, "the webhook body is larger than " + MAX_BODY_BYTES + " bytes");
    }
    List<ObjectChange> changes;
    String traceparent = request.headers().getFirst(InvocationTracer.TRACEPARENT);
    try {
      changes = S3EventFormat.minioWebhook(body).stream().map(change -> change.tracedBy(traceparent)).toList();
    } catch (InvalidEventException e) {
      LOG.warn("webhook POST /events/minio refused: {}", e.getMessage());
      return Reply.error(400, e.getMessage());
    }
    int accepted = 0;
    int ignored = 0;
    List<String> later = new ArrayList<>();
    for (ObjectChange change : changes) {
      for (BlobListener listener : listeners) {
        switch (listener.accept(change)) {
          case accepted -> accepted++;
          case ignored -> ignored++;
          case busy, unavailable -> later.add(listener.definition().name());
        }
      }
    }
    if (!later.isEmpty()) {
      // the store sends the event again; what was queued already is a duplicate then, which receipts absorb
      return Reply.error(503, "trigger(s) " + String.join(", ", later) + " cannot take changes now; send again later");
    }
    return Reply.ok(Map.of("accepted", accepted, "ignored", ignored));
  }

  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    byte[] bytes = in.readNBytes(limit + 1);
    return bytes.length > limit ? null : bytes;
  }

  private static Reply deadLetters(Request request, List<BlobListener> listeners) {
    int limit;
    try {
      limit = Integer.parseInt(request.query().getOrDefault("limit", "100"));
    } catch (NumberFormatException e) {
      return Reply.error(400, "limit '" + request.query().get("limit") + "' is not a whole number");
    }
    if (limit < 1 || limit > 1000) {
      return Reply.error(400, "limit must be from 1 to 1000, was " + limit);
    }
    String trigger = request.query().get("trigger");
    List<BlobListener> chosen = trigger == null ? listeners
        : listeners.stream().filter(listener -> listener.definition().name().equals(trigger)).toList();
    if (chosen.isEmpty() && trigger != null) {
      return Reply.error(404, "no blob trigger '" + trigger + "'; the blob triggers are " + names(listeners));
    }
    Map<String, Object> byTrigger = new LinkedHashMap<>();
    for (BlobListener listener : chosen) {
      byTrigger.put(listener.definition().name(), listener.deadLetters().list(listener.definition().name(), limit));
    }
    return Reply.ok(Map.of("deadLetters", byTrigger));
  }

  private static Reply replay(Request request, List<BlobListener> listeners) {
    String trigger = request.path().get("trigger");
    String id = request.path().get("id");
    Optional<BlobListener> listener = listeners.stream().filter(l -> l.definition().name().equals(trigger)).findFirst();
    if (listener.isEmpty()) {
      return Reply.error(404, "no blob trigger '" + trigger + "'; the blob triggers are " + names(listeners));
    }
    if (!id.matches(DEAD_LETTER_ID)) {
      return Reply.error(404, "no dead letter '" + id + "': ids are 32 hex digits, see GET /dead-letters");
    }
    try {
      return listener.get().replay(id)
          .map(letter -> new Reply(202, Map.of("replaying", letter.id(), "trigger", trigger, "eventId", letter.eventId())))
          .orElseGet(() -> Reply.error(404, "no dead letter " + id + " of trigger " + trigger + ": see GET /dead-letters?trigger=" + trigger));
    } catch (IllegalStateException e) {
      return Reply.error(503, e.getMessage());
    }
  }

  private static String names(List<BlobListener> listeners) {
    return listeners.isEmpty() ? "none" : String.join(", ", listeners.stream().map(l -> l.definition().name()).toList());
  }
}
