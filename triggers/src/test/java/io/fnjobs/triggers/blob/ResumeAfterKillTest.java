package io.fnjobs.triggers.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.BlobEvent;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.runtime.ListenerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An instance of the trigger layer, in a process of its own ({@link ClaimingInstance}), claims three
 * uploads and is killed with SIGKILL before it finishes any: two invocations in flight, one waiting for
 * its retry. A new instance with the same name, started without a sweep, takes all three up at once,
 * long before their holds run out, and processes each once.
 */
class ResumeAfterKillTest {

  private static final String INSTANCE = "host-a-127.0.0.1-8081";
  private static final String TRIGGER = "resumed-after-kill";
  private static final List<String> KEYS = List.of("images/stuck 1.jpg", "images/stuck 2.jpg", "images/fails.jpg");

  @TempDir static Path data;
  private static StateStore store;

  @BeforeAll
  static void start() {
    store = new StateStore(data.resolve("store"));
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @Test
  void start_shouldResumeAtOnceWhatTheSameInstanceClaimedBeforeItWasKilled_eachVersionOnce() throws Exception {
    Map<String, ObjectChange> uploads = new LinkedHashMap<>();
    for (String key : KEYS) {
      uploads.put(key, ObjectChange.created(StateStore.UPLOADS, key, store.upload(key, "content of " + key), null,
          ObjectChange.Source.sweep));
    }
    ObjectStoreReceipts receipts = new ObjectStoreReceipts(store.s3(), StateStore.STATE, Clock.systemUTC());
    Process killed = startClaimingInstance();
    Instant heldUntil;
    try {
      Eventually.within(Duration.ofSeconds(60), () -> {
        assertThat(killed.isAlive()).as("the instance to kill runs; its log: %s", data.resolve("claiming.log")).isTrue();
        return allClaimed(receipts, uploads);
      });
      heldUntil = uploads.values().stream().map(change -> receipts.find(TRIGGER, change).orElseThrow())
          .map(receipt -> Instant.parse(receipt.heldUntil())).min(Instant::compareTo).orElseThrow();
    } finally {
      killed.destroyForcibly(); // SIGKILL: no shutdown hook, no release of what it holds
      killed.waitFor(30, TimeUnit.SECONDS);
    }
    CurrentContentFn fn = new CurrentContentFn(store.s3());
    BlobListener restarted = ClaimingInstance.listener(store.s3(), fn, INSTANCE, TRIGGER, Duration.ZERO);

    Instant restartedAt = Instant.now();
    restarted.start();
    try {
      Eventually.within(Duration.ofSeconds(30), () -> restarted.state() == ListenerState.connected
          && uploads.values().stream().allMatch(change -> settled(receipts, change)));
      Duration took = Duration.between(restartedAt, Instant.now());

      assertThat(Duration.between(restartedAt, heldUntil)).as("the holds the killed instance left")
          .isGreaterThan(Duration.ofMinutes(2));
      assertThat(took).as("resumed at start, not after the holds").isLessThan(Duration.ofSeconds(10));
      assertThat(fn.calls()).extracting(call -> ((BlobEvent) call).blob().key()).containsExactlyInAnyOrderElementsOf(KEYS);
      assertThat(fn.processed()).hasSize(3);
      assertThat(receipts.find(TRIGGER, uploads.get("images/fails.jpg")).orElseThrow().attempts())
          .as("the attempt made before the kill counts").isEqualTo(2);
      assertThat(((Map<?, ?>) restarted.details().get("received")).get("resumed")).isEqualTo(3L);
      assertThat(store.s3().listObjectsV2(r -> r.bucket(StateStore.STATE)
          .prefix(StateLayout.receiptHolds(INSTANCE, TRIGGER))).contents()).as("no claim left noted").isEmpty();
      System.err.printf("resume test: the killed instance's holds ran %s past the restart; resumed and processed"
          + " in %d ms%n", Duration.between(restartedAt, heldUntil), took.toMillis());
    } finally {
      restarted.stop(Duration.ofSeconds(5));
    }
  }

  private static boolean allClaimed(ObjectStoreReceipts receipts, Map<String, ObjectChange> uploads) {
    for (ObjectChange change : uploads.values()) {
      Optional<Receipt> receipt = receipts.find(TRIGGER, change);
      int attemptsBeforeKill = change.blob().key().contains("fails") ? 1 : 0;
      if (receipt.isEmpty() || receipt.get().state() != Receipt.State.processing
          || receipt.get().attempts() != attemptsBeforeKill || !receipt.get().holder().startsWith(INSTANCE + "#")) {
        return false;
      }
    }
    return true;
  }

  private static boolean settled(ObjectStoreReceipts receipts, ObjectChange change) {
    return receipts.find(TRIGGER, change).map(receipt -> receipt.state() == Receipt.State.succeeded).orElse(false);
  }

  private static Process startClaimingInstance() throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        ClaimingInstance.class.getName(), store.uri().toString(), INSTANCE, TRIGGER));
    Files.createDirectories(data);
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(data.resolve("claiming.log").toFile()).start();
  }
}
