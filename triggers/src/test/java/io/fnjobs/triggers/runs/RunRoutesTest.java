package io.fnjobs.triggers.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.fixtures.RunningTriggerLayer;
import io.fnjobs.triggers.fixtures.RunningTriggerLayer.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /runs}, {@code GET /runs/{trigger}/{id}} and {@code GET /flags/{job}/{subject...}} of a
 * whole trigger layer over loopback, after real invocations through the function host: orders that
 * succeed, are rejected and fail twice (no reply, so no subject), an upload the sweep finds, and a
 * timer run on demand.
 */
class RunRoutesTest {

  @RegisterExtension
  static final RunningTriggerLayer layer = new RunningTriggerLayer(Instant.parse("2026-03-01T12:00:00Z"));
  private static ObjectStoreStatusFlags flags;

  @BeforeAll
  static void start() throws Exception {
    flags = new ObjectStoreStatusFlags(new S3ConditionalStore(layer.s3(), RunningTriggerLayer.STATE), layer.clock());
    // one after the other, a second apart on the layer's clock: the history orders runs by their start
    layer.sendJob("A-1", "ok");
    awaitRuns(1);
    layer.sendJob("A-2", "bad-input");
    awaitRuns(2);
    layer.sendJob("A-3", "boom");
    awaitRuns(3);
    awaitRuns(4);
    layer.upload("images/deep/a b.jpg");
    awaitRuns(5);
    assertThat(layer.post("/timers/nightly/run?wait=true").status()).isEqualTo(200);
    assertThat(runs("/runs?limit=100")).hasSize(6);
  }

  private static void awaitRuns(int count) {
    Eventually.within(Duration.ofSeconds(30), () -> runs("/runs?limit=100").size() >= count);
    layer.clock().advance(Duration.ofSeconds(1));
  }

  @Test
  void runs_shouldListNewestFirstAcrossTriggers_andPageOnWithNext_untilThereIsNoMore() {
    List<String> all = ids(runs("/runs?limit=100"));
    List<String> paged = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      Response page = layer.get("/runs?limit=2" + (next == null ? "" : "&before=" + next));
      assertThat(page.json().path("runs").size()).isLessThanOrEqualTo(2);
      paged.addAll(ids(page.json().path("runs")));
      next = page.json().hasNonNull("next") ? page.json().path("next").asText() : null;
      pages++;
    } while (next != null);

    assertThat(all).hasSize(6);
    assertThat(paged).containsExactlyElementsOf(all);
    assertThat(pages).isEqualTo(3);
    List<Instant> starts = StreamSupport.stream(runs("/runs?limit=100").spliterator(), false)
        .map(run -> Instant.parse(run.path("startedAt").asText())).toList();
    assertThat(starts).isSortedAccordingTo((a, b) -> b.compareTo(a));
  }

  @Test
  void runs_shouldKeepOnlyTheOutcomeAsked_andFollowOneEventAcrossItsAttemptsByKey() {
    JsonNode failed = runs("/runs?trigger=jobs&outcome=failed");

    assertThat(failed).hasSize(2);
    String key = failed.get(0).path("idempotencyKey").asText();
    assertThat(failed.get(1).path("idempotencyKey").asText()).isEqualTo(key);
    // both attempts may start in one millisecond of the test's clock: their order is then the ids'
    assertThat(List.of(failed.get(0).path("attempt").asInt(), failed.get(1).path("attempt").asInt()))
        .containsExactlyInAnyOrder(1, 2);
    assertThat(failed.get(0).has("subject")).as("a failure without a reply names no subject").isFalse();
    JsonNode ofTheEvent = runs("/runs?key=" + encode(key));
    assertThat(ofTheEvent).hasSize(2);
    assertThat(ids(ofTheEvent)).containsExactlyElementsOf(ids(failed));
  }

  @Test
  void runs_shouldKeepTheRunsOfASubject_asTheFunctionNamedIt() {
    JsonNode ofA1 = runs("/runs?subject=A-1");
    JsonNode ofUpload = runs("/runs?subject=" + encode("images/deep/a b.jpg"));

    assertThat(ofA1).hasSize(1);
    assertThat(ofA1.get(0).path("job").asText()).isEqualTo("order");
    assertThat(ofA1.get(0).path("outcome").asText()).isEqualTo("succeeded");
    assertThat(ofUpload).hasSize(1);
    assertThat(ofUpload.get(0).path("trigger").asText()).isEqualTo("thumbs");
  }

  @Test
  void runs_shouldTakeAnInstantAsBefore() {
    assertThat(runs("/runs?limit=100&before=2100-01-01T00:00:00Z")).hasSize(6);
    assertThat(runs("/runs?before=2000-01-01T00:00:00Z")).isEmpty();
  }

  @Test
  void runs_shouldAnswer400NamingTheParameter_andTheValuesItTakes_whenOneIsBad() {
    assertThat(layer.get("/runs?outcome=lost").json().path("error").asText())
        .contains("outcome 'lost'").contains("succeeded, rejected, skipped, failed, poison, throttled, deferred");
    assertThat(layer.get("/runs?limit=0").status()).isEqualTo(400);
    assertThat(layer.get("/runs?limit=1001").json().path("error").asText()).contains("from 1 to 1000");
    assertThat(layer.get("/runs?before=yesterday").json().path("error").asText()).contains("before 'yesterday'");
    assertThat(layer.get("/runs?trigger=nope").status()).isEqualTo(404);
  }

  @Test
  void run_shouldAnswerTheRecordWithTheStatusFlagOfItsSubject() {
    flags.write(new StatusFlag("order", "A-1", FlagState.succeeded, 1, "queue:jobs:A-1", layer.clock().instant().toString(),
        null, null));
    String id = runs("/runs?subject=A-1").get(0).path("id").asText();

    Response run = layer.get("/runs/jobs/" + id);

    assertThat(run.status()).isEqualTo(200);
    assertThat(run.json().path("run").path("id").asText()).isEqualTo(id);
    assertThat(run.json().path("run").path("subject").asText()).isEqualTo("A-1");
    assertThat(run.json().path("flagAt").asText()).isEqualTo("order/A-1.json");
    assertThat(run.json().path("flag").path("state").asText()).isEqualTo("succeeded");
  }

  @Test
  void run_shouldSayWhyItHasNoFlag_whenTheRunNamesNoSubject_and404ForAnUnknownId() {
    String id = runs("/runs?trigger=jobs&outcome=failed").get(0).path("id").asText();

    Response run = layer.get("/runs/jobs/" + id);
    Response unknown = layer.get("/runs/jobs/0000000000000-00000000-0000-0000-0000-000000000000");

    assertThat(run.json().path("flagUnknown").asText()).contains("names no subject").contains("key=");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("error").asText()).contains("GET /runs?trigger=jobs");
  }

  @Test
  void flag_shouldAnswerTheFlagWithTheRunsOfItsSubject_whenTheSubjectHasSlashesAndSpaces() {
    flags.write(new StatusFlag("blob", "images/deep/a b.jpg", FlagState.succeeded, 1, "blob:uploads/images/deep/a b.jpg#etag:x",
        layer.clock().instant().toString(), null, null));

    Response flag = layer.get("/flags/blob/images/deep/a%20b.jpg");

    assertThat(flag.status()).isEqualTo(200);
    assertThat(flag.json().path("flag").path("subject").asText()).isEqualTo("images/deep/a b.jpg");
    assertThat(flag.json().path("runs")).hasSize(1);
    assertThat(flag.json().path("runs").get(0).path("trigger").asText()).isEqualTo("thumbs");
  }

  @Test
  void flag_shouldListTheRunsOfItsEvent_thatNamedNoSubject() {
    String key = runs("/runs?trigger=jobs&outcome=failed").get(0).path("idempotencyKey").asText();
    flags.write(new StatusFlag("order", "A-3", FlagState.failed, 2, key, layer.clock().instant().toString(), null,
        new FlagError("boom", "the function failed")));

    Response flag = layer.get("/flags/order/A-3");

    assertThat(flag.json().path("flag").path("error").path("code").asText()).isEqualTo("boom");
    assertThat(flag.json().path("runs")).hasSize(2);
    assertThat(flag.json().path("runs").get(0).path("outcome").asText()).isEqualTo("failed");
  }

  @Test
  void flag_shouldAnswer404NamingWhereItLooked_whenTheSubjectHasNoFlag() {
    Response missing = layer.get("/flags/order/Z-9");

    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("error").asText()).contains("order/Z-9.json");
  }

  private static JsonNode runs(String path) {
    Response response = layer.get(path);
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    return response.json().path("runs");
  }

  private static List<String> ids(JsonNode runs) {
    return StreamSupport.stream(runs.spliterator(), false).map(run -> run.path("id").asText()).toList();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
