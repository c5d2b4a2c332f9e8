package io.fnjobs.triggers.blob;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.Instant;
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

/**
 * One key given content A, then B, then A again, on the real embedded store, with MinIO webhooks over
 * loopback or the sweep alone, and a function that acts on the object's current content only
 * ({@link CurrentContentFn}): A after B is new content for the key and is processed; A after A is not;
 * an old version's event sent again changes nothing.
 */
class ReuploadTest {

  private static final String TOKEN = "reupload-test-token";
  // whole seconds: Last-Modified has no finer resolution
  private static final Instant UPLOADED = Instant.parse("2026-11-21T09:30:00Z");

  @TempDir static Path data;
  private static StateStore store;

  private final HttpClient http = HttpClient.newHttpClient();
  private final Clock clock = Clock.systemUTC();
  private CurrentContentFn fn;
  private BlobListener listener;
  private AdminServer admin;
  private String key;

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
    // a trigger and a key per test: receipts and objects do not leak between tests
    String name = "r" + Integer.toHexString(test.getDisplayName().hashCode());
    key = "images/" + name + ".jpg";
    fn = new CurrentContentFn(store.s3());
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
    store.s3().deleteObject(r -> r.bucket(StateStore.UPLOADS).key(key));
  }

  @Test
  void post_shouldProcessTheFirstContentAgain_whenItIsUploadedAgainAfterOtherContent() throws Exception {
    String a = uploadAndPost("A", "0001");
    String b = uploadAndPost("B", "0002");

    uploadAndPost("A", "0003");

    assertThat(fn.processed()).as("the content the thumbnails were made from, in order").containsExactly(a, b, a);
  }

  @Test
  void post_shouldProcessOnce_whenTheSameContentIsUploadedTwiceInARow() throws Exception {
    String a = uploadAndPost("A", "0001");

    uploadAndPost("A", "0002");

    assertThat(fn.processed()).containsExactly(a);
    assertThat(delivered("duplicates")).isEqualTo(1);
  }

  @Test
  void post_shouldChangeNothing_whenAnOldVersionsEventComesAgain_andProcessThatContentWhenItIsUploadedAgain()
      throws Exception {
    String a = uploadAndPost("A", "0001");
    String b = uploadAndPost("B", "0002");
    uploadAndPost("A", "0003");

    long before = finished();
    post(created(b, "0002"));
    awaitFinished(before + 1);

    assertThat(fn.calls()).hasSize(4);
    assertThat(fn.processed()).containsExactly(a, b, a);
    assertThat(listener.sweepNow().dispatched()).as("the current content's receipt is kept").isZero();
    uploadAndPost("B", "0004");
    assertThat(fn.processed()).containsExactly(a, b, a, b);
  }

  @Test
  void sweep_shouldProcessTheFirstContentAgain_whenItIsUploadedAgainAfterOtherContent_withoutEvents()
      throws Exception {
    String a = uploadDated("A", UPLOADED);
    sweepAndAwait(1);
    // a sweep that finds the version settled remembers it
    assertThat(listener.sweepNow().dispatched()).isZero();
    String b = uploadDated("B", UPLOADED.plusSeconds(60));
    sweepAndAwait(2);

    uploadDated("A", UPLOADED.plusSeconds(120));
    sweepAndAwait(3);

    assertThat(fn.processed()).containsExactly(a, b, a);
  }

  @Test
  void sweep_shouldProcessOnce_whenTheSameContentIsUploadedTwiceInARow_withoutEvents() throws Exception {
    String a = uploadDated("A", UPLOADED);
    sweepAndAwait(1);

    uploadDated("A", UPLOADED.plusSeconds(60));

    assertThat(listener.sweepNow().dispatched()).isZero();
    assertThat(fn.processed()).containsExactly(a);
  }

  /** Uploads {@code content} under the test's key, posts its event, and waits until the change is done with. */
  private String uploadAndPost(String content, String sequencer) throws Exception {
    String etag = store.upload(key, content);
    long before = finished();
    post(created(etag, sequencer));
    awaitFinished(before + 1);
    return etag;
  }

  private String uploadDated(String content, Instant lastModified) {
    String etag = store.upload(key, content);
    store.age(key, lastModified);
    return etag;
  }

  private void sweepAndAwait(int calls) throws InterruptedException {
    assertThat(listener.sweepNow().dispatched()).isEqualTo(1);
    eventually(() -> fn.calls().size() == calls && finished() == calls);
  }

  private void post(String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(admin.uri() + "/events/minio"))
        .header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
  }

  /** A MinIO webhook body for one created object of the test's key. */
  private String created(String etag, String sequencer) {
    ObjectNode record = Json.MAPPER.createObjectNode();
    record.put("eventVersion", "2.0");
    record.put("eventSource", "minio:s3");
    record.put("eventTime", "2026-11-21T15:04:05.123Z");
    record.put("eventName", "s3:ObjectCreated:Put");
    ObjectNode s3 = record.putObject("s3");
    s3.putObject("bucket").put("name", StateStore.UPLOADS);
    s3.putObject("object").put("key", key.replace("/", "%2F")).put("size", 1).put("eTag", etag)
        .put("sequencer", sequencer);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("EventName", "s3:ObjectCreated:Put");
    body.put("Key", StateStore.UPLOADS + "/" + key);
    body.putArray("Records").add(record);
    return body.toString();
  }

  /** Changes the workers are done with, whichever way: processed, skipped, found settled or held elsewhere. */
  private long finished() {
    Map<?, ?> delivered = (Map<?, ?>) listener.details().get("delivered");
    return delivered.entrySet().stream()
        .filter(entry -> !Set.of("claimed", "retried", "deferred").contains(String.valueOf(entry.getKey())))
        .mapToLong(entry -> ((Number) entry.getValue()).longValue()).sum();
  }

  private void awaitFinished(long count) {
    eventually(() -> finished() >= count);
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
