package io.fnjobs.triggers.blob;

import static io.fnjobs.triggers.blob.WebhookTrigger.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnjobs.common.event.BlobEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.json.Json;
import io.fnjobs.triggers.fixtures.ScriptedFn;
import io.fnjobs.triggers.runs.RunRecord;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
  private static final String SENDER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir static Path data;
  private static StateStore store;

  private final ScriptedFn fn = new ScriptedFn();
  private WebhookTrigger trigger;

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
    trigger = WebhookTrigger.start(store, fn, name, TOKEN);
  }

  @AfterEach
  void tearDown() {
    trigger.close();
  }

  @Test
  void post_shouldRunEveryRemovalOfAKey_andEachOnce_whenTheStoreSendsNoSequencer() throws Exception {
    trigger.post(body(created("images%2Fcat.jpg", "e1")));
    eventually(() -> fn.calls().size() == 1);
    trigger.post(body(removed("images%2Fcat.jpg", "2026-11-21T15:04:06.512Z")));
    eventually(() -> fn.calls().size() == 2);
    trigger.post(body(created("images%2Fcat.jpg", "e2")));
    eventually(() -> fn.calls().size() == 3);

    trigger.post(body(removed("images%2Fcat.jpg", "2026-11-21T15:09:41.007Z")));
    eventually(() -> fn.calls().size() == 4);
    // the store sends the second removal's event again
    trigger.post(body(removed("images%2Fcat.jpg", "2026-11-21T15:09:41.007Z")));
    eventually(() -> trigger.delivered("duplicates") == 1);

    assertThat(fn.calls()).extracting(call -> ((BlobEvent) call).blob().change())
        .containsExactly(Change.created, Change.removed, Change.created, Change.removed);
    assertThat(fn.calls().get(3).idempotencyKey()).isNotEqualTo(fn.calls().get(1).idempotencyKey());
    assertThat(((BlobEvent) fn.calls().get(3)).blob().key()).isEqualTo("images/cat.jpg");
  }

  @ParameterizedTest
  @ValueSource(strings = {"images%2", "images%2Fbad%zz.jpg", "images%2F%+1.jpg", "images%2F%C3%28.jpg"})
  void post_shouldAnswer400NamingTheFieldAndTheKey_andTakeNoRecordOfTheBody_whenAKeyHasABadEscape(String badKey)
      throws Exception {
    HttpResponse<String> response = trigger.post(body(created("images%2Fgood.jpg", "e1"), created(badKey, "e2")));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(Json.MAPPER.readTree(response.body()).path("error").asText())
        .startsWith("Records[1].s3.object.key '" + badKey + "' is not URL-encoded");
    // offering a change to the listener counts it before the answer is sent: none was offered
    assertThat(trigger.received()).isZero();
    assertThat(fn.calls()).isEmpty();
  }

  @Test
  void post_shouldAnswer400_whenACreatedObjectHasNoETag() throws Exception {
    ObjectNode record = created("images%2Fno-etag.jpg", "e1");
    ((ObjectNode) record.path("s3").path("object")).remove("eTag");

    HttpResponse<String> response = trigger.post(body(record));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("Records[0] is a created object without s3.object.eTag");
    assertThat(trigger.received()).isZero();
  }

  @Test
  void post_shouldDecodeAKeyWithSpacesPlusesPercentsAndUnicode() throws Exception {
    HttpResponse<String> response = trigger.post(Fixtures.event("minio-put.json"));

    assertThat(response.statusCode()).isEqualTo(200);
    eventually(() -> fn.calls().size() == 1);
    TriggerEvent.BlobChange blob = ((BlobEvent) fn.calls().get(0)).blob();
    assertThat(blob.key()).isEqualTo("images/summer 2026/cat photo+1 ünï 100%.jpg");
    assertThat(blob.sequencer()).as("passed on, to order the function's flag").isEqualTo("187A0C2B5D6E7F80");
  }

  /** A MinIO webhook body, as in the event fixtures, holding {@code records}. */
  @Test
  void post_shouldRunTheChangeInTheSendersTrace_whenTheWebhookHasATraceparent() throws Exception {
    trigger.post(body(created("images%2Ftraced.jpg", "e1")),
        Map.of("traceparent", "00-" + SENDER_TRACE + "-00f067aa0ba902b7-01"));

    assertThat(runOf("images/traced.jpg").traceId()).isEqualTo(SENDER_TRACE);
  }

  @Test
  void post_shouldRunTheChangeInATraceOfItsOwn_whenTheWebhookHasNoTraceparent() throws Exception {
    trigger.post(body(created("images%2Ffirst.jpg", "e1")));
    trigger.post(body(created("images%2Fsecond.jpg", "e2")));

    String first = runOf("images/first.jpg").traceId();
    assertThat(first).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    assertThat(runOf("images/second.jpg").traceId()).matches("[0-9a-f]{32}").isNotEqualTo(first);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "00-" + SENDER_TRACE + "-0000000000000000-01", // no span id
      "ff-" + SENDER_TRACE + "-00f067aa0ba902b7-01", // a version W3C forbids
      "00-" + SENDER_TRACE + "-00f067aa0ba902b7", // no flags
      SENDER_TRACE})
  void post_shouldRunTheChangeInATraceOfItsOwn_whenTheWebhooksTraceparentIsMalformed(String malformed)
      throws Exception {
    trigger.post(body(created("images%2Fodd-header.jpg", "e1")), Map.of("traceparent", malformed));

    assertThat(runOf("images/odd-header.jpg").traceId()).matches("[0-9a-f]{32}").isNotEqualTo(SENDER_TRACE)
        .isNotEqualTo("0".repeat(32));
  }

  /** The one run of the change of {@code key}, once the run log in the state bucket has it. */
  private RunRecord runOf(String key) {
    String trigger = this.trigger.listener().definition().name();
    String eventId = StateStore.UPLOADS + "/" + key + "@";
    eventually(() -> this.trigger.runs().recent(trigger, 10).stream()
        .anyMatch(run -> run.eventId().startsWith(eventId)));
    List<RunRecord> runs = this.trigger.runs().recent(trigger, 10).stream()
        .filter(run -> run.eventId().startsWith(eventId)).toList();
    assertThat(runs).hasSize(1);
    return runs.get(0);
  }

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

}
