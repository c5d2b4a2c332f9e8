package io.fnjobs.common.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.MutableClock;
import io.fnjobs.common.StoreFixture;
import io.fnjobs.common.event.QueueEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.idempotency.Idempotent;
import io.fnjobs.common.idempotency.ObjectStoreIdempotencyStore;
import io.fnjobs.common.storage.RequestTally;
import io.fnjobs.common.storage.RequestTally.Kind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store requests one job makes through {@link JobRunner}, counted on the wire against the real
 * embedded store: the budgets of the exactly-once path, so that a change adding a round trip fails here.
 */
class JobRunnerRoundTripsTest {

  @TempDir static Path data;
  private static final RequestTally TALLY = new RequestTally();
  private static StoreFixture fixture;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private JobRunner runner;

  @BeforeAll
  static void start() {
    fixture = new StoreFixture(data, List.of(TALLY));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void runner() {
    runner = new JobRunner(new ObjectStoreStatusFlags(fixture.store(), clock),
        new Idempotent(new ObjectStoreIdempotencyStore(fixture.store(), clock, Duration.ofDays(7))), clock);
  }

  @Test
  void run_shouldMakeThreeWritesAndOneRead_forNewWorkOnANewSubject() {
    QueueEvent event = order("R-1", "k-R-1#1");

    Map<Kind, Long> requests = counted(() -> runner.run("orders", "R-1", EventOrder.sequence(1), event,
        event.message(), () -> "done"));

    // the flag (none yet), the record's create and completion, the flag's create
    assertThat(requests).containsEntry(Kind.PUT, 3L).containsEntry(Kind.GET, 1L);
    assertThat(total(requests)).isEqualTo(4);
  }

  @Test
  void run_shouldMakeOneRead_forADuplicateAnsweredFromTheStore() {
    QueueEvent event = order("R-2", "k-R-2#1");
    runner.run("orders", "R-2", EventOrder.sequence(1), event, event.message(), () -> "done");

    Map<Kind, Long> requests = counted(() -> runner.run("orders", "R-2", EventOrder.sequence(1), event,
        event.message(), () -> "again"));

    // the settled flag answers it
    assertThat(requests).containsEntry(Kind.GET, 1L);
    assertThat(total(requests)).isEqualTo(1);
  }

  @Test
  void run_shouldMakeThreeWritesAndOneRead_forTheNextEventOfASubject() {
    QueueEvent place = order("R-3", "k-R-3#1");
    runner.run("orders", "R-3", EventOrder.sequence(1), place, place.message(), () -> "placed");
    QueueEvent cancel = order("R-3", "k-R-3#2");

    Map<Kind, Long> requests = counted(() -> runner.run("orders", "R-3", EventOrder.sequence(2), cancel,
        cancel.message(), () -> "cancelled"));

    // the flag replaced on the ETag it was read at
    assertThat(requests).containsEntry(Kind.PUT, 3L).containsEntry(Kind.GET, 1L);
    assertThat(total(requests)).isEqualTo(4);
  }

  @Test
  void run_shouldMakeFourWritesAndOneRead_whenTheWorkOutlastsTheRunningDelay() {
    JobRunner flaggingAtOnce = new JobRunner(new ObjectStoreStatusFlags(fixture.store(), clock),
        new Idempotent(new ObjectStoreIdempotencyStore(fixture.store(), clock, Duration.ofDays(7))), clock,
        Duration.ZERO);
    QueueEvent event = order("R-4", "k-R-4#1");

    Map<Kind, Long> requests = counted(() -> flaggingAtOnce.run("orders", "R-4", EventOrder.sequence(1), event,
        event.message(), () -> "done"));

    // the running flag's write, and the outcome's on its ETag
    assertThat(requests).containsEntry(Kind.PUT, 4L).containsEntry(Kind.GET, 1L);
    assertThat(total(requests)).isEqualTo(5);
  }

  private static Map<Kind, Long> counted(Runnable job) {
    Map<Kind, Long> before = TALLY.snapshot();
    job.run();
    return TALLY.since(before);
  }

  private static long total(Map<Kind, Long> requests) {
    return requests.values().stream().mapToLong(Long::longValue).sum();
  }

  private QueueEvent order(String orderId, String key) {
    return TriggerEvent.ofMessage("orders-from-queue", "m-" + orderId, key,
        new QueueMessage("orders", "m-" + orderId, "{\"orderId\":\"" + orderId + "\"}", 1))
        .forAttempt(1, clock.instant().plusSeconds(30));
  }
}
