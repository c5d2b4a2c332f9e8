package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.e2e.StackClients.Answer;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The nightly cleanup through the whole stack: retentions of seconds set through the environment, runs
 * on demand over {@code POST /timers/nightly-cleanup/run}, the report in the slot's flag. The store's
 * change notifications are off and the uploads are not images, so the thumbnail path stays out of it.
 */
@MostlyWaits
class CleanupE2ETest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TRIGGER = "nightly-cleanup";

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("FNJOBS_FN_CONFIG_CLEANUP_UPLOAD_RETENTION", "PT5S");
    environment.put("FNJOBS_FN_CONFIG_CLEANUP_ORDER_RETENTION", "PT5S");
    environment.put("FNJOBS_FN_CONFIG_CLEANUP_MULTIPART_MAX_AGE", "PT5S");
    environment.put("FNJOBS_FN_CONFIG_CLEANUP_RECEIPT_RETENTION", "PT6S");
    environment.put("FNJOBS_FN_CONFIG_CLEANUP_REPAIR_AFTER", "PT0.1S");
    environment.put("FNJOBS_SWEEP_INTERVAL", "PT1H");
    stack = EmbeddedStack.start(StackOptions.builder().repoDir(Path.of("..")).dataDir(data).allPorts(0)
        .notifications(false).environment(environment).build());
    s3 = StackClients.s3(stack);
  }

  @AfterAll
  static void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void runOnDemand_shouldRemoveWhatExpired_keepWhatIsFresh_andReportCountsThatMatch() throws Exception {
    long expectedBytes = 0;
    // what has expired: written first, then left to age past every retention (5 s, receipts 6 s)
    for (String key : List.of("images/e2e/old-1.bin", "images/e2e/old 2+ü%.bin", "images/e2e/old-3.bin")) {
      expectedBytes += put("uploads", key, "original of " + key);
      expectedBytes += put("thumbnails", "128/" + key, "small");
      expectedBytes += put("thumbnails", "512/" + key, "larger");
      expectedBytes += put("state", "thumbnail/" + key + ".json", flag("thumbnail", key, "succeeded", "blob:uploads/" + key));
    }
    expectedBytes += put("thumbnails", "128/images/e2e/gone.bin", "orphan");
    expectedBytes += put("thumbnails", "512/images/e2e/gone.bin", "orphan too");
    expectedBytes += put("state", "receipts/thumbnail-on-upload/e2e-old.json", "{}");
    put("orders", "orders/E2E-1.json", "{\"orderId\":\"E2E-1\",\"status\":\"confirmed\"}");
    put("orders", "orders/E2E-2.json", "{\"orderId\":\"E2E-2\",\"status\":\"pending\"}");
    String multipart = s3.createMultipartUpload(r -> r.bucket("uploads").key("images/e2e/big.bin")).uploadId();
    Thread.sleep(8_000);
    // what is fresh, written just before the run; the original without a flag is older than the 0.1 s repair wait
    put("uploads", "images/e2e/lost.bin", "never thumbnailed");
    String lostReceipt = StateLayout.receipt("thumbnail-on-upload", "uploads", "images/e2e/lost.bin",
        s3.headObject(r -> r.bucket("uploads").key("images/e2e/lost.bin")).eTag().replace("\"", ""));
    put("state", lostReceipt, "{}");
    put("uploads", "images/e2e/new-1.bin", "fresh");
    put("thumbnails", "128/images/e2e/new-1.bin", "fresh small");
    put("state", "thumbnail/images/e2e/new-1.bin.json", flag("thumbnail", "images/e2e/new-1.bin", "succeeded", "blob:x"));
    put("state", "receipts/thumbnail-on-upload/e2e-new.json", "{}");
    put("orders", "orders/E2E-3.json", "{\"orderId\":\"E2E-3\",\"status\":\"confirmed\"}");
    expectedBytes += put("state", StateLayout.idempotencyRecord("e2e:expired"), record("e2e:expired", "COMPLETED", -3_600_000));
    put("state", StateLayout.idempotencyRecord("e2e:live"), record("e2e:live", "COMPLETED", 3_600_000));
    put("state", "orders/E2E-9.json", flag("orders", "E2E-9", "running", "queue:orders:E2E-9"));
    expectedBytes += put("state", StateLayout.idempotencyRecord("queue:orders:E2E-9"), record("queue:orders:E2E-9", "IN_PROGRESS", -60_000));

    Answer run = StackClients.post(timerRun("?wait=true"), "");

    assertThat(run.status()).as(run.text()).isEqualTo(200);
    assertThat(run.json().path("state").asText()).isEqualTo("succeeded");
    assertThat(run.json().path("onDemand").asBoolean()).isTrue();
    JsonNode report = report(run.json().path("slot").asText());
    assertThat(counts(report)).containsAllEntriesOf(Map.of(
        "expiredUploads", 3L, "expiredUploadThumbnails", 6L, "expiredUploadFlags", 3L, "orphanThumbnails", 2L,
        "expiredIdempotencyRecords", 2L, "expiredReceipts", 1L, "staleRunningFlags", 1L,
        "abortedMultipartUploads", 1L, "archivedOrders", 1L, "repairedOriginals", 1L));
    assertThat(report.path("objectsRemoved").asLong()).isEqualTo(3 + 6 + 3 + 2 + 2 + 1);
    assertThat(report.path("bytesFreed").asLong()).isEqualTo(expectedBytes);
    assertThat(report.path("repaired").get(0).asText()).isEqualTo("uploads/images/e2e/lost.bin");
    assertThat(report.path("problemCount").asLong()).isZero();
    assertThat(report.path("complete").asBoolean()).isTrue();

    assertThat(keys("uploads", "images/e2e/")).containsExactlyInAnyOrder("images/e2e/lost.bin", "images/e2e/new-1.bin");
    assertThat(keys("thumbnails", "")).containsExactly("128/images/e2e/new-1.bin");
    assertThat(keys("state", "thumbnail/")).containsExactly("thumbnail/images/e2e/new-1.bin.json");
    assertThat(keys("state", "receipts/")).containsExactly("receipts/thumbnail-on-upload/e2e-new.json");
    assertThat(keys("state", StateLayout.IDEMPOTENCY)).contains(StateLayout.idempotencyRecord("e2e:live"))
        .doesNotContain(StateLayout.idempotencyRecord("e2e:expired"));
    // the stock the stack seeds under inventory/ is not the cleanup's business
    assertThat(keys("orders", "").stream().filter(key -> !key.startsWith("inventory/")).toList())
        .containsExactlyInAnyOrder("orders/E2E-2.json", "orders/E2E-3.json", "archive/orders/E2E-1.json");
    assertThat(JSON.readTree(read("state", "orders/E2E-9.json")).path("state").asText()).isEqualTo("failed");
    assertThat(s3.listMultipartUploads(r -> r.bucket("uploads")).uploads())
        .noneMatch(upload -> upload.uploadId().equals(multipart));
  }

  @Test
  void runOnDemand_shouldRunOnce_andRefuseTheSecondWithAClearMessage_whenTwoAreRequestedAtOnce() throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Answer>> requests = List.of(
        CompletableFuture.supplyAsync(() -> postAfter(go)), CompletableFuture.supplyAsync(() -> postAfter(go)));
    go.countDown();
    List<Answer> answers = requests.stream().map(CompletableFuture::join).toList();

    assertThat(answers).extracting(Answer::status).containsExactlyInAnyOrder(202, 409);
    Answer started = answers.stream().filter(answer -> answer.status() == 202).findFirst().orElseThrow();
    Answer refused = answers.stream().filter(answer -> answer.status() == 409).findFirst().orElseThrow();
    String slot = started.json().path("slot").asText();
    assertThat(refused.json().path("error").asText())
        .startsWith("timer nightly-cleanup is already running slot " + slot + " (owner ")
        .endsWith("this run was not started; try again once that run has ended");
    assertThat(slotRecord(slot).path("state").asText()).isEqualTo("succeeded");
    assertThat(report(slot).path("slot").asText()).isEqualTo(slot);
    assertThat(runsOf(slot)).hasSize(1);
  }

  @Test
  void triggers_shouldShowTheNextFireTimeAt0200Utc_andTheLastRun() throws Exception {
    Answer run = StackClients.post(timerRun("?wait=true"), "");
    assertThat(run.status()).isEqualTo(200);

    JsonNode cleanup = timer(StackClients.get(stack.triggersUri().resolve("/triggers")).json());

    Instant next = Instant.parse(cleanup.path("nextFireTime").asText());
    assertThat(next.atZone(ZoneOffset.UTC).getHour()).isEqualTo(2);
    assertThat(next.atZone(ZoneOffset.UTC).getMinute()).isZero();
    assertThat(cleanup.path("schedule").asText()).isEqualTo("0 0 2 * * *");
    assertThat(cleanup.path("catchUp").asText()).isEqualTo("once");
    assertThat(cleanup.path("lastRun").path("outcome").asText()).isEqualTo("succeeded");
    assertThat(Instant.parse(cleanup.path("lastRun").path("slot").asText()))
        .isAfterOrEqualTo(Instant.parse(run.json().path("slot").asText()));
    assertThat(cleanup.has("running")).isFalse();
    assertThat(StackClients.post(stack.triggersUri().resolve("/timers/nightly-clean/run"), "").status()).isEqualTo(404);
  }

  private static Answer postAfter(CountDownLatch go) {
    try {
      go.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return StackClients.post(timerRun(""), "");
  }

  private static URI timerRun(String query) {
    return stack.triggersUri().resolve("/timers/" + TRIGGER + "/run" + query);
  }

  /** The report in the slot's flag, once the flag says succeeded. */
  private static JsonNode report(String slot) throws Exception {
    String key = "cleanup/" + slot + ".json";
    Instant giveUp = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(giveUp)) {
      if (!keys("state", key).isEmpty()) {
        JsonNode flag = JSON.readTree(read("state", key));
        if (flag.path("state").asText().equals("succeeded")) {
          return flag.path("result");
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the flag " + key + " did not say succeeded within a minute");
  }

  /** The slot's record, once its run has ended. */
  private static JsonNode slotRecord(String slot) throws Exception {
    String key = StateLayout.timer(TRIGGER, "slots/" + slot + ".json");
    Instant giveUp = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(giveUp)) {
      JsonNode record = JSON.readTree(read("state", key));
      if (!record.path("state").asText().equals("running")) {
        return record;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the run of " + slot + " did not end within a minute");
  }

  /** The invocations the trigger layer recorded for a slot. */
  private static List<JsonNode> runsOf(String slot) {
    Answer runs = StackClients.get(stack.triggersUri().resolve("/runs?trigger=" + TRIGGER + "&limit=1000"));
    String key = IdempotencyKeys.forFunction("fnjobs", "nightly-cleanup", "timer:" + TRIGGER + "@" + slot);
    return StreamSupport.stream(runs.json().path("runs").spliterator(), false)
        .filter(run -> run.path("idempotencyKey").asText().equals(key)).toList();
  }

  private static JsonNode timer(JsonNode triggers) {
    return StreamSupport.stream(triggers.path("triggers").spliterator(), false)
        .filter(trigger -> trigger.path("name").asText().equals(TRIGGER)).findFirst().orElseThrow();
  }

  private static Map<String, Long> counts(JsonNode report) {
    Map<String, Long> counts = new HashMap<>();
    report.path("counts").fields().forEachRemaining(rule -> counts.put(rule.getKey(), rule.getValue().path("objects").asLong()));
    return counts;
  }

  /** Writes the object; returns its size. */
  private static long put(String bucket, String key, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    return bytes.length;
  }

  private static String read(String bucket, String key) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String();
  }

  private static List<String> keys(String bucket, String prefix) {
    return s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).toList();
  }

  private static String flag(String job, String subject, String state, String idempotencyKey) {
    return "{\"attempt\":1,\"idempotencyKey\":\"" + idempotencyKey + "\",\"job\":\"" + job + "\",\"state\":\"" + state
        + "\",\"subject\":\"" + subject + "\",\"updatedAt\":\"" + Instant.now() + "\"}";
  }

  private static String record(String key, String status, long expiresInMillis) {
    return "{\"expiresAtMillis\":" + (System.currentTimeMillis() + expiresInMillis) + ",\"key\":\"" + key
        + "\",\"payloadHash\":\"h\",\"status\":\"" + status + "\"}";
  }

}
