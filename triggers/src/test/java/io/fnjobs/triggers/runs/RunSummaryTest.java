package io.fnjobs.triggers.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.common.MutableClock;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The last hour's runs by outcome, counted from the run records on the real embedded store. */
class RunSummaryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final RunLogFixture runs = new RunLogFixture();

  private final MutableClock clock = RunLogFixture.clock();
  private ObjectStoreRunLog log;
  private String a;
  private String b;

  @BeforeEach
  void triggers() {
    log = runs.log(clock);
    a = RunLogFixture.freshTrigger("a");
    b = RunLogFixture.freshTrigger("b");
  }

  @Test
  void summary_shouldCountTheLastHoursRunsByOutcome_perTrigger_leavingOlderRunsOut() {
    record(a, Outcome.failed, "2026-03-01T10:59:59Z");
    record(a, Outcome.succeeded, "2026-03-01T11:00:01Z");
    record(a, Outcome.succeeded, "2026-03-01T11:30:00Z");
    record(a, Outcome.rejected, "2026-03-01T11:59:00Z");
    record(b, Outcome.deferred, "2026-03-01T11:10:00Z");

    JsonNode summary = summarize(new RunSummary(runs.s3(), runs.bucket(), List.of(a, b), clock));

    assertThat(summary.path("window").asText()).isEqualTo("PT1H");
    assertThat(summary.path("since").asText()).isEqualTo("2026-03-01T11:00:00Z");
    JsonNode ofA = summary.path("triggers").path(a);
    assertThat(ofA.path("runs").asInt()).isEqualTo(3);
    assertThat(ofA.path("counted").asInt()).isEqualTo(3);
    assertThat(ofA.path("more").asBoolean()).isFalse();
    assertThat(ofA.path("outcomes").path("succeeded").asInt()).isEqualTo(2);
    assertThat(ofA.path("outcomes").path("rejected").asInt()).isEqualTo(1);
    assertThat(ofA.path("outcomes").path("failed").asInt()).as("started before the hour").isZero();
    assertThat(summary.path("triggers").path(b).path("outcomes").path("deferred").asInt()).isEqualTo(1);
  }

  @Test
  void summary_shouldCountOnOverSeveralAnswers_readingEachRecordOnce_whenMoreAreNewThanItMayRead() {
    for (int i = 0; i < 5; i++) {
      record(a, Outcome.succeeded, "2026-03-01T11:5" + i + ":00Z");
    }
    RunSummary summary = new RunSummary(runs.s3(), runs.bucket(), List.of(a), clock, 2);

    JsonNode first = summarize(summary).path("triggers").path(a);
    clock.advance(RunSummary.FRESH);
    JsonNode second = summarize(summary).path("triggers").path(a);
    clock.advance(RunSummary.FRESH);
    JsonNode third = summarize(summary).path("triggers").path(a);

    assertThat(first.path("runs").asInt()).isEqualTo(5);
    assertThat(first.path("counted").asInt()).isEqualTo(2);
    assertThat(second.path("counted").asInt()).as("2 kept, 2 more read").isEqualTo(4);
    assertThat(third.path("counted").asInt()).isEqualTo(5);
    assertThat(third.path("outcomes").path("succeeded").asInt()).isEqualTo(5);
  }

  @Test
  void summary_shouldAnswerItsLastCount_withinASecond_thenCountTheNewRun() {
    RunSummary summary = new RunSummary(runs.s3(), runs.bucket(), List.of(a), clock);
    record(a, Outcome.succeeded, "2026-03-01T11:59:00Z");
    assertThat(summarize(summary).path("triggers").path(a).path("runs").asInt()).isEqualTo(1);

    record(a, Outcome.failed, "2026-03-01T11:59:30Z");
    clock.advance(Duration.ofMillis(900));
    JsonNode cached = summarize(summary).path("triggers").path(a);
    clock.advance(Duration.ofMillis(100));
    JsonNode fresh = summarize(summary).path("triggers").path(a);

    assertThat(cached.path("runs").asInt()).isEqualTo(1);
    assertThat(fresh.path("runs").asInt()).isEqualTo(2);
    assertThat(fresh.path("outcomes").path("failed").asInt()).isEqualTo(1);
  }

  @Test
  void summary_shouldForgetRunsThatLeftTheWindow() {
    RunSummary summary = new RunSummary(runs.s3(), runs.bucket(), List.of(a), clock);
    record(a, Outcome.failed, "2026-03-01T11:01:00Z");
    assertThat(summarize(summary).path("triggers").path(a).path("outcomes").path("failed").asInt()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(2));

    JsonNode later = summarize(summary).path("triggers").path(a);
    assertThat(later.path("runs").asInt()).isZero();
    assertThat(later.path("outcomes").path("failed").asInt()).isZero();
  }

  private void record(String trigger, Outcome outcome, String startedAt) {
    log.record(RunLogFixture.run(trigger, "event-" + startedAt, startedAt, outcome));
  }

  private static JsonNode summarize(RunSummary summary) {
    return JSON.valueToTree(summary.summary());
  }
}
