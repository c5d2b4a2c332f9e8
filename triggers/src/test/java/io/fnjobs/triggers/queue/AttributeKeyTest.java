package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.StoreFixture;
import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.S3ConditionalStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The attribute key, on the real embedded store. */
class AttributeKeyTest {

  @TempDir static Path data;
  private static StoreFixture store;
  private static S3Client s3;

  @BeforeAll
  static void start() {
    store = new StoreFixture(data);
    s3 = store.s3();
    s3.createBucket(r -> r.bucket("other"));
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @Test
  void load_shouldMakeOneKeyInTheStateBucket_thatEveryInstanceThenShares() {
    S3ConditionalStore state = new S3ConditionalStore(s3, "state");

    byte[] first = AttributeKey.load("", state, Clock.systemUTC());
    byte[] second = AttributeKey.load("", new S3ConditionalStore(s3, "state"), Clock.systemUTC());

    assertThat(first).hasSize(32).isEqualTo(second);
    assertThat(state.read(StateLayout.ATTRIBUTE_KEY)).isPresent();
    assertThat(AttributeKey.load("", new S3ConditionalStore(s3, "other"), Clock.systemUTC()))
        .as("another state bucket, another key").isNotEqualTo(first);
  }

  @Test
  void load_shouldGiveEveryInstanceTheOneKey_whenInstancesMakeItAtOnce() throws Exception {
    s3.createBucket(r -> r.bucket("racing"));
    int instances = 6;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<byte[]>> keys = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        keys.add(pool.submit(() -> {
          go.await();
          return AttributeKey.load("", new S3ConditionalStore(s3, "racing"), Clock.systemUTC());
        }));
      }
      go.countDown();
      byte[] first = keys.get(0).get(30, TimeUnit.SECONDS);
      for (Future<byte[]> key : keys) {
        assertThat(key.get(30, TimeUnit.SECONDS)).as("the key each instance loaded").isEqualTo(first);
      }
      assertThat(AttributeKey.load("", new S3ConditionalStore(s3, "racing"), Clock.systemUTC()))
          .as("the key kept in the store").isEqualTo(first);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void load_shouldUseTheConfiguredKey_andKeepNoneInTheStore() {
    String configured = "a secret of thirty-two characters or more";
    S3ConditionalStore untouched = new S3ConditionalStore(s3, "no-such-bucket");

    assertThat(AttributeKey.load(configured, untouched, Clock.systemUTC()))
        .isEqualTo(configured.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void checked_shouldRefuseAShortKey_namingTheSettingButNotTheValue() {
    assertThatThrownBy(() -> AttributeKey.checked("short secret"))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("FNJOBS_ATTRIBUTE_KEY")
        .hasMessageContaining("at least 32 characters")
        .hasMessageNotContaining("short secret");
  }
}
