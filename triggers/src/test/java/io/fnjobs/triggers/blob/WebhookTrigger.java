package io.fnjobs.triggers.blob;

import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.fn.FnClient;
import io.fnjobs.triggers.http.AdminServer;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.runtime.ListenerState;
import io.fnjobs.triggers.runtime.SharedClients;
import io.fnjobs.triggers.runtime.TriggerContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A blob trigger on {@code uploads/images/} of the shared embedded store, started with its webhook
 * endpoint ({@code POST /events/minio}) on a free loopback port and a stand-in function; one attempt
 * per change, no sweep. Receipts, dead letters and runs live in the store's state bucket.
 */
final class WebhookTrigger implements AutoCloseable {

  private final HttpClient http = HttpClient.newHttpClient();
  private final BlobListener listener;
  private final Receipts receipts;
  private final AdminServer admin;
  private final String token;
  private final RunLog runs;

  private WebhookTrigger(BlobListener listener, Receipts receipts, AdminServer admin, String token, RunLog runs) {
    this.listener = listener;
    this.receipts = receipts;
    this.admin = admin;
    this.token = token;
    this.runs = runs;
  }

  /** {@code name}: one per test, so that receipts do not leak between tests. */
  static WebhookTrigger start(StateStore store, FnClient fn, String name, String token) {
    Clock clock = Clock.systemUTC();
    TriggerDefinition definition = new TriggerDefinition(Path.of("thumbs.yaml"), name, "", "fnjobs", "thumbnail",
        new BlobSource(StateStore.UPLOADS, "images/", List.of(), Set.of(Change.created, Change.removed), Duration.ZERO,
            null, 1),
        List.of(), new DeliveryOptions(1, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0));
    RunLog runs = new ObjectStoreRunLog(store.state(), StateStore.STATE, clock);
    Invoker invoker = new Invoker(fn, runs,
        new ObjectStoreStatusFlags(new S3ConditionalStore(store.state(), StateStore.STATE), clock), clock);
    Receipts receipts = new ObjectStoreReceipts(store.state(), StateStore.STATE, clock);
    BlobListener listener = new BlobListener(definition, fn.resolve("fnjobs", "thumbnail"), store.s3(), null, invoker,
        receipts, new ObjectStoreDeadLetters(store.state(), StateStore.STATE), clock);
    listener.start();
    eventually(() -> listener.state() == ListenerState.connected);
    EndpointSettings endpoint = EndpointSettings.local(store.uri(), "minioadmin", "minioadmin");
    TriggerLayerOptions options = TriggerLayerOptions.builder().s3(endpoint).sqs(endpoint).typeSetting(BlobTriggerModule.WEBHOOK_TOKEN, token).build();
    AdminServer admin = AdminServer.bind("127.0.0.1", 0);
    new BlobTriggerModule().routes(admin, List.of(listener),
        new TriggerContext(options, store.s3(), new SharedClients(), invoker, null, clock));
    admin.start();
    return new WebhookTrigger(listener, receipts, admin, token, runs);
  }

  BlobListener listener() {
    return listener;
  }

  /** The runs of the trigger's invocations, as the run log in the state bucket keeps them. */
  RunLog runs() {
    return runs;
  }

  /** Posts a webhook body with the trigger's token. */
  HttpResponse<String> post(String body) throws Exception {
    return post(body, Map.of());
  }

  /** Posts a webhook body with the trigger's token and {@code headers} besides. */
  HttpResponse<String> post(String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(admin.uri() + "/events/minio"))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** How many changes the trigger received, from every source. */
  long received() {
    return ((Map<?, ?>) listener.details().get("received")).values().stream()
        .mapToLong(count -> ((Number) count).longValue()).sum();
  }

  /** How many deliveries ended with {@code outcome} ({@code succeeded}, {@code duplicates} …). */
  long delivered(String outcome) {
    return ((Number) ((Map<?, ?>) listener.details().get("delivered")).get(outcome)).longValue();
  }

  /** Changes the workers are done with, whichever way: processed, skipped, found settled or held elsewhere. */
  long finished() {
    Map<?, ?> delivered = (Map<?, ?>) listener.details().get("delivered");
    return delivered.entrySet().stream()
        .filter(entry -> !Set.of("claimed", "retried", "deferred").contains(String.valueOf(entry.getKey())))
        .mapToLong(entry -> ((Number) entry.getValue()).longValue()).sum();
  }

  /**
   * Waits until none of the trigger's receipts is being processed: a worker counts an outcome (see
   * {@link #finished}) before it settles the receipt, and a sweep meanwhile finds the version held.
   */
  void awaitSettled() {
    eventually(() -> {
      List<Receipt> all = new ArrayList<>();
      try {
        receipts.eachObject(listener.definition().name(), object -> all.addAll(receipts.read(object)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      return all.stream().allMatch(receipt -> receipt.state().settled());
    });
  }

  /** Waits, up to 10 s, for what the listener's workers do with a change handed to them. */
  static void eventually(BooleanSupplier condition) {
    Eventually.within(Duration.ofSeconds(10), condition);
  }

  @Override
  public void close() {
    admin.close();
    listener.stop(Duration.ofSeconds(5));
  }
}
