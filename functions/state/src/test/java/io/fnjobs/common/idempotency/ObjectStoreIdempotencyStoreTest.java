package io.fnjobs.common.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fnjobs.common.MutableClock;
import io.fnjobs.common.StoreFixture;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.common.store.Versioned;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

class ObjectStoreIdempotencyStoreTest {

  @TempDir static Path data;
  private static StoreFixture fixture;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));

  @BeforeAll
  static void start() {
    fixture = new StoreFixture(data);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private IdempotencyStore store() {
    return new ObjectStoreIdempotencyStore(fixture.store(), clock, Duration.ofDays(7));
  }

  @Test
  @org.junit.jupiter.api.Timeout(300)
  void run_shouldRunTheWorkOncePerRound_andGiveEveryCallerItsResult_when16ThreadsRace() throws Exception {
    Idempotent idempotent = new Idempotent(store());
    ExecutorService callers = Executors.newFixedThreadPool(16);
    try {
      for (int round = 0; round < 50; round++) {
        String key = "race:" + round;
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        for (int caller = 0; caller < 16; caller++) {
          results.add(callers.submit(untilSettled(go, () -> idempotent.run(key, Map.of("round", key),
              clock.instant().plusSeconds(60), String.class, () -> "result of " + key + " #" + runs.incrementAndGet()))));
        }
        go.countDown();
        List<String> answers = new ArrayList<>();
        for (Future<String> result : results) {
          answers.add(result.get());
        }
        assertThat(runs).as("runs in round " + round).hasValue(1);
        assertThat(answers).containsOnly("result of " + key + " #1");
      }
    } finally {
      callers.shutdownNow();
    }
  }

  /** A caller that meets the key in progress comes back later, as a redelivery would. */
  private static Callable<String> untilSettled(CountDownLatch go, Callable<String> call) {
    return () -> {
      go.await();
      while (true) {
        try {
          return call.call();
        } catch (InProgressElsewhereException e) {
          Thread.sleep(20);
        }
      }
    };
  }

  @Test
  void begin_shouldLetARetryRun_onlyAfterTheDeadlineOfACrashedInvocation() {
    IdempotencyStore store = store();
    Instant deadline = clock.instant().plusSeconds(30);
    assertThat(store.begin("crash", "hash", deadline)).isInstanceOf(Begin.Proceed.class);

    Begin beforeDeadline = store.begin("crash", "hash", clock.instant().plusSeconds(30));
    assertThat(beforeDeadline).isInstanceOfSatisfying(Begin.InProgress.class,
        inProgress -> assertThat(inProgress.retryAfter()).isEqualTo(Duration.ofSeconds(30)));

    clock.advance(Duration.ofSeconds(31));
    Begin afterDeadline = store.begin("crash", "hash", clock.instant().plusSeconds(30));
    assertThat(afterDeadline).isInstanceOf(Begin.Proceed.class);
    store.complete(((Begin.Proceed) afterDeadline).lease(), TextNode.valueOf("done"));

    assertThat(recordsOf("crash")).hasSize(1);
    assertThat(new String(fixture.store().read(ObjectStoreIdempotencyStore.recordKey("crash")).orElseThrow().value(),
        java.nio.charset.StandardCharsets.UTF_8)).contains("\"status\":\"COMPLETED\"").contains("\"result\":\"done\"");
    assertThat(store.begin("crash", "hash", clock.instant().plusSeconds(30)))
        .isInstanceOfSatisfying(Begin.AlreadyCompleted.class, done -> assertThat(done.result().asText()).isEqualTo("done"));
  }

  @Test
  void complete_shouldAcceptItsOwnWriteArrivingTwice_butNotAnotherInvocationsTakeover() {
    IdempotencyStore store = store();
    Begin.Lease lease = ((Begin.Proceed) store.begin("sent-twice", "hash", clock.instant().plusSeconds(30))).lease();
    TextNode result = TextNode.valueOf("done");

    store.complete(lease, result);
    // the same write again, as an HTTP client sends it when the answer to the first was lost
    store.complete(lease, result);

    Begin.Lease crashed = ((Begin.Proceed) store.begin("taken-over", "hash", clock.instant().plusSeconds(30))).lease();
    clock.advance(Duration.ofSeconds(31));
    Begin.Lease takeover = ((Begin.Proceed) store.begin("taken-over", "hash", clock.instant().plusSeconds(30))).lease();
    store.complete(takeover, TextNode.valueOf("second"));
    assertThatThrownBy(() -> store.complete(crashed, result)).isInstanceOf(LostOwnershipException.class);
  }

  @Test
  void run_shouldRunOnce_whenEveryWriteOfTheInvocationArrivesTwice() {
    // a lost answer cannot be produced on demand: this store sends each write twice, as an HTTP client
    // that resends a request whose answer it lost, and hands back the answer to the second copy
    IdempotencyStore store = new ObjectStoreIdempotencyStore(new SentTwice(fixture.store()), clock, Duration.ofDays(7));
    Idempotent idempotent = new Idempotent(store);
    AtomicInteger runs = new AtomicInteger();

    String first = idempotent.run("resent", "p", clock.instant().plusSeconds(30), String.class, () -> "run " + runs.incrementAndGet());
    String again = idempotent.run("resent", "p", clock.instant().plusSeconds(30), String.class, () -> "run " + runs.incrementAndGet());

    assertThat(first).isEqualTo("run 1");
    assertThat(again).isEqualTo("run 1");
    assertThat(store().begin("resent", Json.hash("p"), clock.instant().plusSeconds(30)))
        .isInstanceOf(Begin.AlreadyCompleted.class);
  }

  /** Sends every write to the real store twice and answers with what the second copy got. */
  private record SentTwice(S3ConditionalStore real) implements ConditionalStore {
    @Override
    public Optional<Versioned<byte[]>> read(String key) {
      return real.read(key);
    }

    @Override
    public String create(String key, byte[] bytes, String contentType) {
      real.create(key, bytes, contentType);
      return real.create(key, bytes, contentType);
    }

    @Override
    public String replace(String key, byte[] bytes, String contentType, String etag) {
      real.replace(key, bytes, contentType, etag);
      return real.replace(key, bytes, contentType, etag);
    }

    @Override
    public void delete(String key) {
      real.delete(key);
    }

    @Override
    public String bucket() {
      return real.bucket();
    }
  }

  @Test
  void run_shouldRefuseAndWriteNothing_whenTheKeyComesWithAnotherPayload() {
    Idempotent idempotent = new Idempotent(store());
    idempotent.run("same-key", Map.of("order", 1), clock.instant().plusSeconds(60), String.class, () -> "first");
    S3ConditionalStore raw = fixture.store();
    String etagBefore = raw.read(ObjectStoreIdempotencyStore.recordKey("same-key")).map(Versioned::etag).orElseThrow();
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(() -> idempotent.run("same-key", Map.of("order", 2), clock.instant().plusSeconds(60),
            String.class, () -> "second " + runs.incrementAndGet()))
        .isInstanceOf(PayloadMismatchException.class)
        .hasMessageContaining("same-key");

    assertThat(runs).hasValue(0);
    assertThat(raw.read(ObjectStoreIdempotencyStore.recordKey("same-key")).map(Versioned::etag)).contains(etagBefore);
  }

  @Test
  void run_shouldAnswerTheStoredResult_whenTheSamePayloadComesAgainWithItsKeysInAnotherOrder() throws Exception {
    Idempotent idempotent = new Idempotent(store());
    JsonNode sent = Json.MAPPER.readTree("{\"orderId\":\"o-1\",\"sequence\":1,\"items\":[{\"sku\":\"a\",\"qty\":2}]}");
    // the same message redelivered through another producer, which writes the properties in another order
    JsonNode resent = Json.MAPPER.readTree("{\"items\":[{\"qty\":2,\"sku\":\"a\"}],\"sequence\":1,\"orderId\":\"o-1\"}");
    AtomicInteger runs = new AtomicInteger();
    idempotent.run("reordered", sent, clock.instant().plusSeconds(60), String.class, () -> "run " + runs.incrementAndGet());

    String again = idempotent.run("reordered", resent, clock.instant().plusSeconds(60), String.class,
        () -> "run " + runs.incrementAndGet());

    assertThat(again).isEqualTo("run 1");
    assertThat(runs).hasValue(1);
  }

  @Test
  void run_shouldRefuse_whenAParsedPayloadDiffers() throws Exception {
    Idempotent idempotent = new Idempotent(store());
    idempotent.run("changed-body", Json.MAPPER.readTree("{\"sequence\":1,\"orderId\":\"o-3\",\"qty\":1}"),
        clock.instant().plusSeconds(60), String.class, () -> "first");

    assertThatThrownBy(() -> idempotent.run("changed-body", Json.MAPPER.readTree("{\"sequence\":1,\"orderId\":\"o-3\",\"qty\":2}"),
            clock.instant().plusSeconds(60), String.class, () -> "second"))
        .isInstanceOf(PayloadMismatchException.class)
        .hasMessageContaining("changed-body");
  }

  @Test
  void run_shouldReleaseTheKey_whenTheWorkFails() {
    Idempotent idempotent = new Idempotent(store());
    assertThatThrownBy(() -> idempotent.run("fails-once", "p", clock.instant().plusSeconds(60), String.class, () -> {
      throw new IllegalStateException("mail server down");
    })).hasMessage("mail server down");

    String second = idempotent.run("fails-once", "p", clock.instant().plusSeconds(60), String.class, () -> "sent");

    assertThat(second).isEqualTo("sent");
  }

  @Test
  void begin_shouldRunAgain_whenTheCompletedRecordIsPastItsRetention() {
    IdempotencyStore store = new ObjectStoreIdempotencyStore(fixture.store(), clock, Duration.ofHours(1));
    Idempotent idempotent = new Idempotent(store);
    AtomicInteger runs = new AtomicInteger();
    idempotent.run("retained", "p", clock.instant().plusSeconds(60), Integer.class, runs::incrementAndGet);
    idempotent.run("retained", "p", clock.instant().plusSeconds(60), Integer.class, runs::incrementAndGet);
    assertThat(runs).hasValue(1);

    clock.advance(Duration.ofHours(2));
    idempotent.run("retained", "p", clock.instant().plusSeconds(60), Integer.class, runs::incrementAndGet);

    assertThat(runs).hasValue(2);
  }

  @Test
  void run_shouldRecogniseItsOwnWrites_whenTheirAnswersWereLostAndTheRequestsRetried() {
    // A lost answer cannot be produced on demand against a real server: this store makes each write
    // for real, then reports the 412 that the client's retry of that same request would get.
    ConditionalStore lossy = new LostAnswers(fixture.store());
    Idempotent idempotent = new Idempotent(new ObjectStoreIdempotencyStore(lossy, clock, Duration.ofDays(1)));
    AtomicInteger runs = new AtomicInteger();

    String result = idempotent.run("lost-answers", "p", clock.instant().plusSeconds(60), String.class,
        () -> "ran " + runs.incrementAndGet());

    assertThat(result).isEqualTo("ran 1");
    assertThat(idempotent.run("lost-answers", "p", clock.instant().plusSeconds(60), String.class, () -> "again"))
        .isEqualTo("ran 1");
  }

  /** Writes through, then answers as a retry of the same request would: precondition failed. */
  private record LostAnswers(ConditionalStore store) implements ConditionalStore {
    @Override
    public java.util.Optional<Versioned<byte[]>> read(String key) {
      return store.read(key);
    }

    @Override
    public String create(String key, byte[] bytes, String contentType) {
      store.create(key, bytes, contentType);
      throw new PreconditionFailedException(bucket(), key);
    }

    @Override
    public String replace(String key, byte[] bytes, String contentType, String etag) {
      store.replace(key, bytes, contentType, etag);
      throw new PreconditionFailedException(bucket(), key);
    }

    @Override
    public void delete(String key) {
      store.delete(key);
    }

    @Override
    public String bucket() {
      return store.bucket();
    }
  }

  private List<S3Object> recordsOf(String key) {
    return fixture.s3().listObjectsV2(r -> r.bucket(StoreFixture.BUCKET)
        .prefix(ObjectStoreIdempotencyStore.recordKey(key))).contents();
  }
}
