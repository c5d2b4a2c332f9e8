package io.fnjobs.triggers.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.MutableClock;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The shared pauses on the real embedded store: several instances, races between them, a store gone away. */
class SharedPausesTest {

  @TempDir Path data;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private EmbeddedS3 server;
  private S3Client s3;
  private S3ConditionalStore store;

  @BeforeEach
  void start() {
    server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(data).build());
    server.createBuckets(List.of("state"));
    s3 = StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"));
    store = new S3ConditionalStore(s3, "state");
  }

  @AfterEach
  void stop() {
    s3.close();
    server.close();
  }

  @Test
  void pause_shouldKeepEveryPause_whenInstancesPauseDifferentTriggersAtOnce() throws Exception {
    List<SharedPauses> instances = List.of(load(), load(), load());
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      CompletableFuture.allOf(IntStream.range(0, 12)
          .mapToObj(i -> CompletableFuture.runAsync(() -> instances.get(i % 3).pause("trigger-" + i, null), threads))
          .toArray(CompletableFuture[]::new)).get();
    } finally {
      threads.shutdown();
    }

    assertThat(load().current()).hasSize(12);
  }

  @Test
  void isPaused_shouldSeeAnotherInstancesPause_onlyOnceItsCopyIsRefreshed() {
    SharedPauses mine = load();
    SharedPauses other = load();

    other.pause("orders", "maintenance");

    assertThat(mine.isPaused("orders")).isFalse();
    clock.advance(Duration.ofSeconds(4));
    assertThat(mine.isPaused("orders")).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(mine.isPaused("orders")).isTrue();
    assertThat(other.isPaused("orders")).as("its own pause, at once").isTrue();
  }

  @Test
  void isPaused_shouldKeepTheLastCopy_whileTheStoreCannotBeRead() {
    SharedPauses pauses = load();
    pauses.pause("orders", null);
    server.close();

    clock.advance(SharedPauses.REFRESH.multipliedBy(2));

    assertThat(pauses.isPaused("orders")).isTrue();
    assertThat(pauses.isPaused("thumbnails")).isFalse();
  }

  @Test
  void isPaused_shouldAnswerFromTheCopyAtOnce_whileAnotherThreadWaitsForAStoreThatIsGone() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch answer = new CountDownLatch(1);
    AtomicBoolean holding = new AtomicBoolean();
    // the real store, closed below; held before it answers, since how long a gone store takes to fail
    // (the S3 client's retries, from under a second to many) is not for the test to choose
    ConditionalStore slow = new ConditionalStore() {
      @Override
      public Optional<Versioned<byte[]>> read(String key) {
        if (!holding.get()) {
          return store.read(key);
        }
        reading.countDown();
        try {
          answer.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return store.read(key);
      }

      @Override
      public String create(String key, byte[] bytes, String contentType) {
        return store.create(key, bytes, contentType);
      }

      @Override
      public String replace(String key, byte[] bytes, String contentType, String etag) {
        return store.replace(key, bytes, contentType, etag);
      }

      @Override
      public void delete(String key) {
        store.delete(key);
      }

      @Override
      public String bucket() {
        return store.bucket();
      }
    };
    load().pause("orders", null);
    SharedPauses pauses = SharedPauses.load(store, clock, SharedPauses.REFRESH);
    SharedPauses slowly = SharedPauses.load(slow, clock, SharedPauses.REFRESH);
    holding.set(true);
    server.close();
    clock.advance(SharedPauses.REFRESH);
    CompletableFuture<Boolean> refreshing = CompletableFuture.supplyAsync(() -> slowly.isPaused("orders"));
    assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(slowly.isPaused("orders")).as("from the copy, while the other thread reads").isTrue();
    assertThat(refreshing).isNotDone();
    answer.countDown();
    assertThat(refreshing.get(60, TimeUnit.SECONDS)).as("the last copy, the store being gone").isTrue();
    assertThat(pauses.isPaused("orders")).isTrue();
  }

  @Test
  void resume_shouldSayWhetherTheTriggerWasPaused_andPauseShouldKeepTheFirstPause() {
    SharedPauses pauses = load();

    assertThat(pauses.pause("orders", "first").changed()).isTrue();
    SharedPauses.Paused again = pauses.pause("orders", "second");

    assertThat(again.changed()).isFalse();
    assertThat(again.pause().reason()).isEqualTo("first");
    assertThat(pauses.resume("orders")).map(Pause::reason).contains("first");
    assertThat(pauses.resume("orders")).isEmpty();
    assertThat(load().isPaused("orders")).isFalse();
  }

  private SharedPauses load() {
    return SharedPauses.load(store, clock, SharedPauses.REFRESH);
  }
}
