package io.fnjobs.common.flags;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.MutableClock;
import io.fnjobs.common.StoreFixture;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.store.Versioned;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  void write_shouldKeepTheNewerEventsFlag_whenAnOlderEventIsWrittenLater() {
    flags.write(ordered(flag("orders", "A-5", FlagState.succeeded, 1, "A-5#2"), EventOrder.sequence(2)));
    clock.advance(Duration.ofMinutes(1));

    StatusFlag stored = flags.write(ordered(flag("orders", "A-5", FlagState.succeeded, 1, "A-5#1"), EventOrder.sequence(1)));

    assertThat(stored.idempotencyKey()).isEqualTo("A-5#2");
    assertThat(flags.get("orders", "A-5").orElseThrow())
        .extracting(StatusFlag::idempotencyKey, StatusFlag::eventOrder)
        .containsExactly("A-5#2", EventOrder.sequence(2));
  }

  @Test
  void write_shouldTakeANewerEvent_evenWhenItsWriteTimeIsEarlier() {
    Instant lastModified = Instant.parse("2026-11-21T09:00:00Z");
    flags.write(ordered(flag("thumbnail", "images/skew.jpg", FlagState.succeeded, 1, "etag1"),
        EventOrder.objectVersion(lastModified, null)));
    clock.advance(Duration.ofSeconds(-5));

    flags.write(ordered(flag("thumbnail", "images/skew.jpg", FlagState.running, 1, "etag2"),
        EventOrder.objectVersion(lastModified.plusSeconds(1), null)));

    assertThat(flags.get("thumbnail", "images/skew.jpg").orElseThrow().idempotencyKey()).isEqualTo("etag2");
  }

  @Test
  void write_shouldGoByWriteTime_whenTheOrdersCannotTell() {
    Instant second = Instant.parse("2026-11-21T09:00:00Z");
    // two versions in the same second of last-modified, one of them found by the sweep: no sequencer to compare
    flags.write(ordered(flag("thumbnail", "images/same second.jpg", FlagState.succeeded, 1, "etag2"),
        EventOrder.objectVersion(second, "187A0C2B5D6E7F81")));
    clock.advance(Duration.ofSeconds(1));

    flags.write(ordered(flag("thumbnail", "images/same second.jpg", FlagState.succeeded, 1, "etag1"),
        EventOrder.objectVersion(second, null)));

    assertThat(flags.get("thumbnail", "images/same second.jpg").orElseThrow().idempotencyKey()).isEqualTo("etag1");
  }

  @Test
  void write_shouldGoByWriteTime_againstAFlagWrittenBeforeOrdersWereKept() {
    String before = "{\"job\":\"orders\",\"subject\":\"A-6\",\"state\":\"succeeded\",\"attempt\":1,"
        + "\"idempotencyKey\":\"A-6#2\",\"updatedAt\":\"2026-11-21T09:59:00Z\"}";
    fixture.store().create(StatusFlag.keyOf("orders", "A-6"), before.getBytes(StandardCharsets.UTF_8), "application/json");
    assertThat(flags.get("orders", "A-6").orElseThrow().eventOrder()).isNull();

    flags.write(ordered(flag("orders", "A-6", FlagState.running, 1, "A-6#1"), EventOrder.sequence(1)));

    assertThat(flags.get("orders", "A-6").orElseThrow())
        .extracting(StatusFlag::idempotencyKey, StatusFlag::eventOrder)
        .containsExactly("A-6#1", EventOrder.sequence(1));
  }

  @Test
  void write_shouldFollowAttemptsAndStates_forTheSameKey_whateverTheOrders() {
    Instant lastModified = Instant.parse("2026-11-21T09:00:00Z");
    // the webhook's delivery has a sequencer, the sweep's of the same version none: one event all the same
    flags.write(ordered(flag("thumbnail", "images/one version.jpg", FlagState.failed, 1, "etag1"),
        EventOrder.objectVersion(lastModified, "187A0C2B5D6E7F80")));

    flags.write(ordered(flag("thumbnail", "images/one version.jpg", FlagState.succeeded, 2, "etag1"),
        EventOrder.objectVersion(lastModified, null)));
    StatusFlag late = flags.write(ordered(flag("thumbnail", "images/one version.jpg", FlagState.running, 3, "etag1"),
        EventOrder.objectVersion(lastModified, "187A0C2B5D6E7F80")));

    assertThat(late).extracting(StatusFlag::state, StatusFlag::attempt).containsExactly(FlagState.succeeded, 2);
  }

  @Test
  void write_shouldStoreTheOrder_asAnObjectOfItsKnownParts() {
    flags.write(ordered(flag("cleanup", "2026-11-21T02:00:00Z", FlagState.running, 1, "slot"),
        EventOrder.at(Instant.parse("2026-11-21T02:00:00Z"))));

    JsonNode stored = Json.read(fixture.store().read(StatusFlag.keyOf("cleanup", "2026-11-21T02:00:00Z")).orElseThrow()
        .value(), JsonNode.class, "the flag");
    assertThat(stored.path("eventOrder")).isEqualTo(Json.tree(Map.of("time", "2026-11-21T02:00:00Z")));
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

  @Test
  void writeOverExpected_shouldCompareWithWhatIsStored_whenAnotherWriterCameSinceItWasRead() {
    Optional<Versioned<StatusFlag>> read = flags.read("orders", "W-5");
    flags.write(flag("orders", "W-5", FlagState.succeeded, 1, "k5"));

    Versioned<StatusFlag> stored = flags.write(flag("orders", "W-5", FlagState.running, 1, "k5"), read);

    assertThat(stored.value().state()).isEqualTo(FlagState.succeeded);
    assertThat(flags.get("orders", "W-5").orElseThrow().state()).isEqualTo(FlagState.succeeded);
  }

  @Test
  void writeOverExpected_shouldReplaceOnTheVersionItWasGiven_andAnswerTheNewOne() {
    Versioned<StatusFlag> running = flags.write(flag("orders", "W-6", FlagState.running, 1, "k6"), Optional.empty());

    Versioned<StatusFlag> succeeded = flags.write(flag("orders", "W-6", FlagState.succeeded, 1, "k6"), Optional.of(running));

    assertThat(succeeded.etag()).isNotEqualTo(running.etag());
    assertThat(flags.read("orders", "W-6").orElseThrow()).isEqualTo(succeeded);
  }

  private StatusFlag flag(String job, String subject, FlagState state, int attempt, String key) {
    return new StatusFlag(job, subject, state, attempt, key, clock.instant().toString(), null, null);
  }

  private static StatusFlag ordered(StatusFlag flag, EventOrder order) {
    return new StatusFlag(flag.job(), flag.subject(), flag.state(), flag.attempt(), flag.idempotencyKey(), order,
        flag.updatedAt(), flag.result(), flag.error());
  }
}
