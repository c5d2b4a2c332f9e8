package io.fnjobs.triggers.timer;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.store.Versioned;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The timer lease in the real embedded S3: taken by one owner at a time, taken over once it expired. */
class ObjectStoreScheduleStoreTest {

  private static final AtomicInteger TRIGGERS = new AtomicInteger();
  private static final Instant NOW = Instant.parse("2026-03-14T01:00:00Z");
  private static final Instant SLOT = Instant.parse("2026-03-14T01:00:00Z");
  private static final int INSTANCES = 8;

  @TempDir static Path data;
  private static StateBucket state;
  private static ScheduleStore store;

  private String trigger;

  @BeforeAll
  static void startStore() {
    state = new StateBucket(data);
    store = state.store();
  }

  @AfterAll
  static void stopStore() {
    state.close();
  }

  @BeforeEach
  void freshTrigger() {
    trigger = "leased-" + TRIGGERS.incrementAndGet();
  }

  @Test
  void takeLease_shouldReportTheHolder_whenAnotherOwnerHoldsIt() {
    store.takeLease(lease("first", NOW.plusSeconds(60)), Optional.empty(), NOW);

    LeaseTaking second = store.takeLease(lease("second", NOW.plusSeconds(60)), store.lease(trigger), NOW);

    assertThat(second).isInstanceOfSatisfying(LeaseTaking.Held.class,
        held -> assertThat(held.holder().owner()).isEqualTo("first"));
    assertThat(store.lease(trigger).orElseThrow().value().owner()).isEqualTo("first");
  }

  @Test
  void takeLease_shouldTakeItOver_whenItExpired() {
    store.takeLease(lease("crashed", NOW), Optional.empty(), NOW.minusSeconds(60));

    LeaseTaking taking = store.takeLease(lease("next", NOW.plusSeconds(60)), store.lease(trigger), NOW);

    assertThat(taking).isInstanceOfSatisfying(LeaseTaking.Taken.class,
        taken -> assertThat(taken.lease().value().owner()).isEqualTo("next"));
    assertThat(store.lease(trigger).orElseThrow().value().owner()).isEqualTo("next");
  }

  @Test
  void takeLease_shouldDecideAgainFromTheLeaseAsItStands_whenWhatWasReadIsStale() {
    Optional<Versioned<TimerLease>> readBeforeTheOther = store.lease(trigger);
    store.takeLease(lease("other", NOW.plusSeconds(60)), Optional.empty(), NOW);

    LeaseTaking taking = store.takeLease(lease("mine", NOW.plusSeconds(60)), readBeforeTheOther, NOW);

    assertThat(taking).isInstanceOfSatisfying(LeaseTaking.Held.class,
        held -> assertThat(held.holder().owner()).isEqualTo("other"));
  }

  @Test
  void takeLease_shouldGiveItToExactlyOne_whenInstancesRaceForAFreshLease() throws Exception {
    List<LeaseTaking> takings = race(Optional.empty());

    assertWonByExactlyOne(takings);
  }

  @Test
  void takeLease_shouldGiveItToExactlyOne_whenInstancesRaceToTakeOverAnExpiredLease() throws Exception {
    store.takeLease(lease("crashed", NOW), Optional.empty(), NOW.minusSeconds(60));

    List<LeaseTaking> takings = race(store.lease(trigger));

    assertWonByExactlyOne(takings);
  }

  /** Every instance takes the lease from {@code known} at the same moment, on threads of its own. */
  private List<LeaseTaking> race(Optional<Versioned<TimerLease>> known) throws Exception {
    CyclicBarrier together = new CyclicBarrier(INSTANCES);
    ExecutorService instances = Executors.newFixedThreadPool(INSTANCES);
    try {
      List<Future<LeaseTaking>> racing = new ArrayList<>();
      for (int i = 0; i < INSTANCES; i++) {
        TimerLease wanted = lease("instance-" + i, NOW.plus(Duration.ofMinutes(5)));
        racing.add(instances.submit(() -> {
          together.await();
          return store.takeLease(wanted, known, NOW);
        }));
      }
      List<LeaseTaking> takings = new ArrayList<>();
      for (Future<LeaseTaking> taking : racing) {
        takings.add(taking.get(30, TimeUnit.SECONDS));
      }
      return takings;
    } finally {
      instances.shutdownNow();
    }
  }

  private void assertWonByExactlyOne(List<LeaseTaking> takings) {
    assertThat(takings).filteredOn(LeaseTaking.Taken.class::isInstance).hasSize(1);
    String winner = store.lease(trigger).orElseThrow().value().owner();
    assertThat(takings).filteredOn(LeaseTaking.Taken.class::isInstance).singleElement()
        .satisfies(taken -> assertThat(((LeaseTaking.Taken) taken).lease().value().owner()).isEqualTo(winner));
    assertThat(takings).filteredOn(LeaseTaking.Held.class::isInstance).hasSize(INSTANCES - 1)
        .allSatisfy(held -> assertThat(((LeaseTaking.Held) held).holder().owner()).isEqualTo(winner));
  }

  private TimerLease lease(String owner, Instant expiresAt) {
    return TimerLease.take(trigger, owner, SLOT, NOW, expiresAt);
  }
}
