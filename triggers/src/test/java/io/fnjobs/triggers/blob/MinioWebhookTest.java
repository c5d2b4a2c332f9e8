package io.fnjobs.triggers.blob;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.definition.BlobSource;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.http.AdminServer;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.runtime.ListenerState;
import io.fnjobs.triggers.runtime.TriggerContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /events/minio} over loopback, into a blob listener whose receipts, dead letters and runs
 * live in the real embedded S3 server; the function is scripted (see {@link ScriptedFn}).
 */
class MinioWebhookTest {

  private static final String TOKEN = "webhook-test-token";

  @TempDir static Path data;
  private static StateStore store;

  private final HttpClient http = HttpClient.newHttpClient();
  private final ScriptedFn fn = new ScriptedFn();
  private final Clock clock = Clock.systemUTC();
  private BlobListener listener;
  private AdminServer admin;

  @BeforeAll
  static void start() {
    store = new StateStore(data);
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @BeforeEach
  void setUp(TestInfo test) {
    // a trigger per test: receipts do not leak between tests
    String name = "w" + Integer.toHexString(test.getDisplayName().hashCode());
    TriggerDefinition definition = new TriggerDefinition(Path.of("thumbs.yaml"), name, "", "fnjobs", "thumbnail",
        new BlobSource(StateStore.UPLOADS, "images/", List.of(), Set.of(Change.created, Change.removed), Duration.ZERO,
            null, 1),
        List.of(), new DeliveryOptions(1, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0));
    Invoker invoker = new Invoker(fn, new ObjectStoreRunLog(store.s3(), StateStore.STATE, clock), clock);
    listener = new BlobListener(definition, fn.resolve("fnjobs", "thumbnail"), store.s3(), null, invoker,
        new ObjectStoreReceipts(store.s3(), StateStore.STATE, clock),
        new ObjectStoreDeadLetters(store.s3(), StateStore.STATE), clock);
    listener.start();
    eventually(() -> listener.state() == ListenerState.connected);
    EndpointSettings endpoint = EndpointSettings.local(store.uri(), "minioadmin", "minioadmin");
    TriggerLayerOptions options = TriggerLayerOptions.builder().s3(endpoint).sqs(endpoint).webhookToken(TOKEN).build();
    admin = AdminServer.bind("127.0.0.1", 0);
    new BlobTriggerModule().routes(admin, List.of(listener),
        new TriggerContext(options, store.s3(), null, invoker, null, clock));
    admin.start();
  }

  @AfterEach
  void tearDown() {
    admin.close();
    listener.stop(Duration.ofSeconds(5));
  }

  @Test
  void post_shouldRunEveryRemovalOfAKey_andEachOnce_whenTheStoreSendsNoSequencer() throws Exception {
    post(body(created("images%2Fcat.jpg", "e1")));
    eventually(() -> fn.calls().size() == 1);
    post(body(removed("images%2Fcat.jpg", "2026-11-21T15:04:06.512Z")));
    eventually(() -> fn.calls().size() == 2);
    post(body(created("images%2Fcat.jpg", "e2")));
    eventually(() -> fn.calls().size() == 3);

    post(body(removed("images%2Fcat.jpg", "2026-11-21T15:09:41.007Z")));
    eventually(() -> fn.calls().size() == 4);
    // the store sends the second removal's event again
    post(body(removed("images%2Fcat.jpg", "2026-11-21T15:09:41.007Z")));
    eventually(() -> delivered("duplicates") == 1);

    assertThat(fn.calls()).extracting(call -> call.blob().change())
        .containsExactly(Change.created, Change.removed, Change.created, Change.removed);
    assertThat(fn.calls().get(3).idempotencyKey()).isNotEqualTo(fn.calls().get(1).idempotencyKey());
    assertThat(fn.calls().get(3).blob().key()).isEqualTo("images/cat.jpg");
  }

  @ParameterizedTest
  @ValueSource(strings = {"images%2", "images%2Fbad%zz.jpg", "images%2F%+1.jpg", "images%2F%C3%28.jpg"})
  void post_shouldAnswer400NamingTheFieldAndTheKey_andTakeNoRecordOfTheBody_whenAKeyHasABadEscape(String badKey)
      throws Exception {
    HttpResponse<String> response = post(body(created("images%2Fgood.jpg", "e1"), created(badKey, "e2")));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(response.body()).path("error").asText())
        .startsWith("Records[1].s3.object.key '" + badKey + "' is not URL-encoded");
    // offering a change to the listener counts it before the answer is sent: none was offered
    assertThat(received()).isZero();
    assertThat(fn.calls()).isEmpty();
  }

  @Test
  void post_shouldAnswer400_whenACreatedObjectHasNoETag() throws Exception {
    ObjectNode record = created("images%2Fno-etag.jpg", "e1");
    ((ObjectNode) record.path("s3").path("object")).remove("eTag");

    HttpResponse<String> response = post(body(record));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Records[0] is a created object without s3.object.eTag");
    assertThat(received()).isZero();
  }

  @Test
  void post_shouldDecodeAKeyWithSpacesPlusesPercentsAndUnicode() throws Exception {
    HttpResponse<String> response = post(Fixtures.event("minio-put.json"));

    assertThat(response.statusCode()).isEqualTo(200);
    eventually(() -> fn.calls().size() == 1);
    TriggerEvent.BlobChange blob = fn.calls().get(0).blob();
    assertThat(blob.key()).isEqualTo("images/summer 2026/cat photo+1 ünï 100%.jpg");
    assertThat(blob.sequencer()).as("passed on, to order the function's flag").isEqualTo("187A0C2B5D6E7F80");
  }

  private HttpResponse<String> post(String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(admin.uri() + "/events/minio"))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** A MinIO webhook body, as in the event fixtures, holding {@code records}. */
  private static String body(ObjectNode... records) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("EventName", records[0].path("eventName").asText());
    body.put("Key", "uploads/" + records[0].path("s3").path("object").path("key").asText());
    ArrayNode list = body.putArray("Records");
    for (ObjectNode record : records) {
      list.add(record);
    }
    return body.toString();
  }

  private static ObjectNode created(String rawKey, String etag) {
    ObjectNode record = record("s3:ObjectCreated:Put", rawKey, "2026-11-21T15:04:05.123Z");
    ((ObjectNode) record.path("s3").path("object")).put("size", 2048).put("eTag", etag);
    return record;
  }

  /** A removal as a store that sends no sequencer reports it: told apart by its event time. */
  private static ObjectNode removed(String rawKey, String eventTime) {
    return record("s3:ObjectRemoved:Delete", rawKey, eventTime);
  }

  private static ObjectNode record(String eventName, String rawKey, String eventTime) {
    ObjectNode record = Json.MAPPER.createObjectNode();
    record.put("eventVersion", "2.0");
    record.put("eventSource", "minio:s3");
    record.put("eventTime", eventTime);
    record.put("eventName", eventName);
    ObjectNode s3 = record.putObject("s3");
    s3.putObject("bucket").put("name", StateStore.UPLOADS);
    s3.putObject("object").put("key", rawKey);
    return record;
  }

  private long received() {
    return ((Map<?, ?>) listener.details().get("received")).values().stream()
        .mapToLong(count -> ((Number) count).longValue()).sum();
  }

  private long delivered(String outcome) {
    return ((Number) ((Map<?, ?>) listener.details().get("delivered")).get(outcome)).longValue();
  }

  /** Waits, up to 10 s, for what the listener's workers do with a change handed to them. */
  private static void eventually(BooleanSupplier condition) {
    long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("not reached within 10 s");
      }
      try {
        Thread.sleep(10); // polls for another thread's work; no logic here waits for time to pass
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
