package io.fnjobs.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3ConditionalStoreTest {

  @TempDir static Path data;
  private static StoreFixture fixture;
  private static S3ConditionalStore store;

  @BeforeAll
  static void start() {
    fixture = new StoreFixture(data);
    store = fixture.store();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void create_shouldFail_whenTheObjectExists() {
    store.create("create/once", bytes("a"), "text/plain");

    assertThatThrownBy(() -> store.create("create/once", bytes("b"), "text/plain"))
        .isInstanceOf(PreconditionFailedException.class);
    assertThat(new String(store.read("create/once").orElseThrow().bytes(), StandardCharsets.UTF_8)).isEqualTo("a");
  }

  @Test
  void replace_shouldHaveExactlyOneWinner_whenEightWritersRaceOnOneEtag() throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try {
      for (int round = 0; round < 30; round++) {
        String key = "race/if-match/" + round;
        String etag = store.create(key, bytes("start"), "text/plain");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        for (int writer = 0; writer < 8; writer++) {
          byte[] mine = bytes("writer " + writer);
          outcomes.add(writers.submit(() -> {
            go.await();
            try {
              store.replace(key, mine, "text/plain", etag);
              return true;
            } catch (PreconditionFailedException lost) {
              return false;
            }
          }));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> outcome : outcomes) {
          winners += outcome.get() ? 1 : 0;
        }
        assertThat(winners).as("winners in round " + round).isEqualTo(1);
      }
    } finally {
      writers.shutdownNow();
    }
  }

  @Test
  void replace_shouldFail_whenTheObjectIsGone() {
    assertThatThrownBy(() -> store.replace("never/written", bytes("x"), "text/plain", "\"abc\""))
        .isInstanceOf(PreconditionFailedException.class);
  }

  @Test
  void verifyConditionalWrites_shouldPass_onTheEmbeddedStore() {
    store.verifyConditionalWrites("probe/key");
    store.verifyConditionalWrites("probe/key");
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
