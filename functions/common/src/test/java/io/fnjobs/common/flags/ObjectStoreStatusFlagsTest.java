package io.fnjobs.common.flags;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.MutableClock;
import io.fnjobs.common.StoreFixture;
import io.fnjobs.common.flags.StatusFlag.FlagError;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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

class ObjectStoreStatusFlagsTest {

  @TempDir static Path data;
  private static StoreFixture fixture;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private StatusFlags flags;

  @BeforeAll
  static void start() {
    fixture = new StoreFixture(data);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @org.junit.jupiter.api.BeforeEach
  void flags() {
    flags = new ObjectStoreStatusFlags(fixture.store(), clock);
  }

  @Test
  void write_shouldKeepSucceeded_whenALateRunningWriteArrives() {
    flags.write(flag("orders", "A-1", FlagState.running, 1, "k1"));
    flags.write(flag("orders", "A-1", FlagState.succeeded, 1, "k1"));

    StatusFlag stored = flags.write(flag("orders", "A-1", FlagState.running, 1, "k1"));

    assertThat(stored.state()).isEqualTo(FlagState.succeeded);
    assertThat(flags.get("orders", "A-1").orElseThrow().state()).isEqualTo(FlagState.succeeded);
  }

  @Test
  void write_shouldMoveOn_whenALaterAttemptFollowsAFailure() {
    flags.write(flag("orders", "A-2", FlagState.failed, 1, "k2"));

    flags.write(flag("orders", "A-2", FlagState.running, 2, "k2"));

    assertThat(flags.get("orders", "A-2").orElseThrow()).extracting(StatusFlag::state, StatusFlag::attempt)
        .containsExactly(FlagState.running, 2);
  }

  @Test
  void write_shouldTakeNewContent_whenANewerKeyIsWrittenLater() {
    flags.write(flag("thumbnail", "images/a b+c.jpg", FlagState.succeeded, 1, "etag1"));
    clock.advance(Duration.ofSeconds(1));

    flags.write(flag("thumbnail", "images/a b+c.jpg", FlagState.running, 1, "etag2"));

    assertThat(flags.get("thumbnail", "images/a b+c.jpg").orElseThrow().idempotencyKey()).isEqualTo("etag2");
  }

  @Test
  void write_shouldEndInTheFurthestState_whenWritersRace() throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(4);
    try {
      for (int round = 0; round < 10; round++) {
        String subject = "race-" + round;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<StatusFlag>> results = new ArrayList<>();
        for (FlagState state : List.of(FlagState.pending, FlagState.running, FlagState.succeeded, FlagState.running)) {
          results.add(writers.submit(() -> {
            go.await();
            return flags.write(flag("cleanup", subject, state, 1, "slot"));
          }));
        }
        go.countDown();
        for (Future<StatusFlag> result : results) {
          result.get();
        }
        assertThat(flags.get("cleanup", subject).orElseThrow().state()).isEqualTo(FlagState.succeeded);
      }
    } finally {
      writers.shutdownNow();
    }
  }

  @Test
  void awaitTerminal_shouldReturnTheFlag_onceItIsTerminal() {
    flags.write(new StatusFlag("orders", "A-3", FlagState.rejected, 1, "k3", clock.instant().toString(), null,
        new FlagError("invalid", "quantity < 1")));

    assertThat(flags.awaitTerminal("orders", "A-3", Duration.ofSeconds(1)))
        .hasValueSatisfying(flag -> assertThat(flag.error().message()).isEqualTo("quantity < 1"));
  }

  @Test
  void awaitTerminal_shouldGiveUp_whenTheClockPassesTheTimeout() {
    flags.write(flag("orders", "A-4", FlagState.running, 1, "k4"));
    Clock advancing = new Clock() {
      private Instant now = clock.instant();

      @Override
      public synchronized Instant instant() {
        now = now.plusSeconds(20);
        return now;
      }

      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }
    };
    StatusFlags reader = new ObjectStoreStatusFlags(fixture.store(), advancing);

    assertThat(reader.awaitTerminal("orders", "A-4", Duration.ofMinutes(1))).isEmpty();
  }

  private StatusFlag flag(String job, String subject, FlagState state, int attempt, String key) {
    return new StatusFlag(job, subject, state, attempt, key, clock.instant().toString(), null, null);
  }
}
