package io.fnjobs.triggers.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.MutableClock;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The run history's pages on the real embedded store: merged across triggers, filtered, with bounded reads. */
class ObjectStoreRunLogTest {

  @RegisterExtension static final RunLogFixture runs = new RunLogFixture();

  private final MutableClock clock = RunLogFixture.clock();
  private ObjectStoreRunLog log;
  private String a;
  private String b;

  @BeforeEach
  void fiveRuns() {
    log = runs.log(clock);
    a = RunLogFixture.freshTrigger("a");
    b = RunLogFixture.freshTrigger("b");
    // a-0, b-1, a-2, b-3, a-4: a second apart, alternating triggers
    for (int i = 0; i < 5; i++) {
      log.record(run(i % 2 == 0 ? a : b, "event-" + i, i == 3 ? Outcome.failed : Outcome.succeeded));
      clock.advance(Duration.ofSeconds(1));
    }
  }

  @Test
  void find_shouldMergeTheTriggersNewestFirst() {
    RunPage page = log.find(List.of(a, b), RunFilter.ALL, null, 10, 100);

    assertThat(page.runs()).extracting(run -> run.run().eventId())
        .containsExactly("event-4", "event-3", "event-2", "event-1", "event-0");
    assertThat(page.next()).isNull();
    assertThat(page.scanned()).isEqualTo(5);
  }

  @Test
  void find_shouldStopAtItsReads_withANextToGoOnFrom_whenTheFilterMatchesLittle() {
    RunFilter failed = RunFilter.of(Outcome.failed, null, null);

    RunPage first = log.find(List.of(a, b), failed, null, 10, 1);
    RunPage second = log.find(List.of(a, b), failed, first.next(), 10, 1);
    RunPage rest = log.find(List.of(a, b), failed, second.next(), 10, 100);

    assertThat(first.runs()).isEmpty();
    assertThat(first.scanned()).isEqualTo(1);
    assertThat(first.next()).isNotNull();
    assertThat(second.runs()).extracting(run -> run.run().eventId()).containsExactly("event-3");
    assertThat(rest.runs()).isEmpty();
    assertThat(rest.scanned()).isEqualTo(3);
    assertThat(rest.next()).isNull();
  }

  @Test
  void find_shouldReadAsManyAsItReturns_whenEveryRunIsKept_beyondTheReadsOfAFilteredPage() {
    RunPage page = log.find(List.of(a, b), RunFilter.ALL, null, 2, 100);

    assertThat(page.runs()).hasSize(2);
    assertThat(page.scanned()).isEqualTo(2);
    assertThat(log.find(List.of(a, b), RunFilter.ALL, null, 4, 1).runs()).hasSize(4);
    assertThat(log.find(List.of(a, b), RunFilter.ALL, page.next(), 2, 100).runs())
        .extracting(run -> run.run().eventId()).containsExactly("event-2", "event-1");
  }

  @Test
  void find_shouldPageFromATime() {
    RunPage page = log.find(List.of(a, b), RunFilter.ALL, RunIds.cursorAt(Instant.parse("2026-03-01T12:00:02Z")), 10, 100);

    assertThat(page.runs()).extracting(run -> run.run().eventId()).containsExactly("event-2", "event-1", "event-0");
  }

  @Test
  void get_shouldReadOneRunByItsId_andNothingForAnIdThatIsNotOne() {
    StoredRun newest = log.find(List.of(a), RunFilter.ALL, null, 1, 1).runs().get(0);

    assertThat(log.get(a, newest.id())).contains(newest);
    assertThat(log.get(a, "../" + newest.id())).isEmpty();
    assertThat(log.get(b, newest.id())).isEmpty();
  }

  private RunRecord run(String trigger, String eventId, Outcome outcome) {
    return RunLogFixture.run(trigger, eventId, clock.instant().toString(), outcome);
  }
}
