package io.fnjobs.common.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.StoreFixture;
import io.fnjobs.common.storage.RequestTally;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionedDocumentsTest {

  @TempDir static Path data;
  private static final RequestTally TALLY = new RequestTally();
  private static StoreFixture fixture;
  private static VersionedDocuments<Counter> counters;

  record Counter(int count) {
    Counter next() {
      return new Counter(count + 1);
    }
  }

  @BeforeAll
  static void start() {
    fixture = new StoreFixture(data, List.of(TALLY));
    counters = new VersionedDocuments<>(fixture.store(), Counter.class, "counter");
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  private static Decision<Counter, Integer> increment(Optional<Versioned<Counter>> current) {
    Counter next = current.map(Versioned::value).orElse(new Counter(0)).next();
    return Decision.write(next, written -> written.value().count());
  }

  @Test
  void update_shouldCreateTheDocument_whenNoneIs() {
    int count = counters.update("create/counter.json", VersionedDocumentsTest::increment, RaceLimit.SHARED);

    assertThat(count).isEqualTo(1);
    assertThat(counters.read("create/counter.json").orElseThrow().value()).isEqualTo(new Counter(1));
  }

  @Test
  void update_shouldDecideAgainFromWhatTheOtherWriterWrote_whenItLosesARace() {
    String key = "race/counter.json";
    counters.write(key, new Counter(10), null);
    AtomicInteger decisions = new AtomicInteger();

    int count = counters.update(key, current -> {
      if (decisions.getAndIncrement() == 0) {
        // another writer lands between this read and this write
        counters.write(key, new Counter(20), current.orElseThrow().etag());
      }
      return increment(current);
    }, RaceLimit.SHARED);

    assertThat(count).isEqualTo(21);
    assertThat(decisions).hasValue(2);
    assertThat(counters.read(key).orElseThrow().value()).isEqualTo(new Counter(21));
  }

  @Test
  void update_shouldThrowLostRaces_whenEveryRaceIsLost() {
    String key = "loop/counter.json";
    counters.write(key, new Counter(0), null);
    AtomicInteger decisions = new AtomicInteger();

    assertThatThrownBy(() -> counters.update(key, current -> {
      decisions.incrementAndGet();
      counters.write(key, current.orElseThrow().value().next(), current.get().etag());
      return increment(current);
    }, RaceLimit.FEW_WRITERS))
        .isInstanceOf(LostRacesException.class)
        .hasMessage("counter state/loop/counter.json lost 16 races in a row: is something rewriting it in a loop?");
    assertThat(decisions).hasValue(RaceLimit.FEW_WRITERS.races());
  }

  @Test
  void update_shouldKeepEveryIncrement_whenWritersRaceForReal() throws Exception {
    String key = "concurrent/counter.json";
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        done.add(pool.submit(() -> counters.update(key, VersionedDocumentsTest::increment, RaceLimit.HOT)));
      }
      for (Future<Integer> each : done) {
        each.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(counters.read(key).orElseThrow().value()).isEqualTo(new Counter(12));
  }

  @Test
  void updateFrom_shouldWriteWithoutReading_whenTheVersionIsKnown() {
    String key = "known/counter.json";
    Versioned<Counter> known = counters.write(key, new Counter(5), null);
    Map<RequestTally.Kind, Long> before = TALLY.snapshot();

    int count = counters.updateFrom(key, Optional.of(known), VersionedDocumentsTest::increment, RaceLimit.SHARED);

    Map<RequestTally.Kind, Long> spent = TALLY.since(before);
    assertThat(count).isEqualTo(6);
    assertThat(spent.get(RequestTally.Kind.GET)).isZero();
    assertThat(spent.get(RequestTally.Kind.PUT)).isEqualTo(1);
  }

  @Test
  void updateFrom_shouldReadAndDecideAgain_whenTheKnownVersionIsStale() {
    String key = "stale/counter.json";
    Versioned<Counter> stale = counters.write(key, new Counter(1), null);
    counters.write(key, new Counter(7), stale.etag());

    int count = counters.updateFrom(key, Optional.of(stale), VersionedDocumentsTest::increment, RaceLimit.SHARED);

    assertThat(count).isEqualTo(8);
  }

  @Test
  void update_shouldLeaveTheDocument_whenTheDecisionIsToLeaveIt() {
    String key = "leave/counter.json";
    Versioned<Counter> stored = counters.write(key, new Counter(3), null);

    String answer = counters.update(key, current -> Decision.leave(() -> "left"), RaceLimit.SHARED);

    assertThat(answer).isEqualTo("left");
    assertThat(counters.read(key)).contains(stored);
  }

  @Test
  void update_shouldDeleteTheDocument_whenTheDecisionIsToDeleteIt() {
    String key = "delete/counter.json";
    counters.write(key, new Counter(3), null);

    String answer = counters.update(key, current -> Decision.delete(() -> "gone"), RaceLimit.SHARED);

    assertThat(answer).isEqualTo("gone");
    assertThat(counters.read(key)).isEmpty();
  }
}
