package io.fnjobs.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.failure.FlagError;
import io.fnjobs.triggers.fixtures.TickOnTheHost;
import io.fnjobs.common.event.TimerEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.fnhost.FnHost;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.ReplyFunction;
import io.fnjobs.triggers.fn.FnHttpClient;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.io.IOException;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.time.Duration;
import java.net.URI;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The invoker against the real function host and the real embedded store, over loopback. */
class InvokerTest {

  @TempDir static Path temp;

  private static TickOnTheHost tick;
  private static FnHost host;
  private static Invoker invoker;
  private static RunLog runs;
  private static StatusFlags flags;
  private static FunctionRef function;
  private static TriggerDefinition trigger;

  @BeforeAll
  static void start() {
    // one container, and a short wait for it: a second call while one runs is answered 503 (busy)
    tick = TickOnTheHost.start(temp, "reply", ReplyFunction.class,
        host -> host.containersPerFunction(1).busyWait(Duration.ofMillis(100)));
    host = tick.host();
    Clock clock = Clock.systemUTC();
    runs = tick.runs(clock);
    flags = tick.flags(clock);
    invoker = new Invoker(tick.fn(), runs, flags, clock);
    function = tick.function();
    trigger = tick.trigger();
  }

  @AfterAll
  static void stop() {
    tick.close();
  }

  @Test
  void invoke_shouldRecordASuccess_withFnsCallIdAndTheKey() {
    RunRecord run = invoker.invoke(trigger, function, event("ok"), 1, true);

    assertThat(run.outcome()).isEqualTo(Outcome.succeeded);
    assertThat(run.fnStatus()).isEqualTo(200);
    assertThat(run.fnCallId()).isNotBlank();
    assertThat(run.idempotencyKey()).as("the event's key, in the function's namespace")
        .isEqualTo("fn:app/reply:timer:tick@ok");
    assertThat(runs.recent("tick", 50)).anySatisfy(recorded -> assertThat(recorded.fnCallId()).isEqualTo(run.fnCallId()));
  }

  @Test
  void invoke_shouldClassifyARejectedReply_asPermanent() {
    assertThat(invoker.invoke(trigger, function, event("bad-input"), 1, true).outcome()).isEqualTo(Outcome.rejected);
  }

  @Test
  void invoke_shouldRecordASkip_whenTheFunctionFoundTheEventStale() {
    RunRecord run = invoker.invoke(trigger, function, event("stale"), 1, true);

    assertThat(run.outcome()).isEqualTo(Outcome.skipped);
    assertThat(run.detail()).isEqualTo("the object has newer content");
  }

  @Test
  void invoke_shouldClassifyAFunctionError_asWorthRetrying() {
    RunRecord run = invoker.invoke(trigger, function, event("boom"), 2, true);

    assertThat(run.outcome()).isEqualTo(Outcome.failed);
    assertThat(run.fnStatus()).isEqualTo(502);
    assertThat(run.attempt()).isEqualTo(2);
  }

  @Test
  void invoke_shouldNameWhatFnAnswered_whenTheFunctionCrashedWithoutSayingWhy() {
    RunRecord run = invoker.invoke(trigger, function, event("boom"), 1, true);

    assertThat(run.error().code()).isEqualTo("function-error");
    assertThat(run.error().message()).startsWith("the function failed without answering why (Fn answered 502:"
        + " function failed)");
    assertThat(run.detail()).isEqualTo("function-error: " + run.error().message());
  }

  @Test
  void invoke_shouldRecordTheFunctionsOwnCause_withoutPathsOrSecrets_whenItAnswersFailed() {
    RunRecord run = invoker.invoke(trigger, function, event("caught"), 2, true);

    assertThat(run).extracting(RunRecord::outcome, RunRecord::fnStatus, RunRecord::attempt)
        .containsExactly(Outcome.failed, 200, 2);
    assertThat(run.error()).isEqualTo(new FlagError("MailDeliveryException",
        "cannot send through smtp://mailer:***@127.0.0.1:2 with <path>"));
    assertThat(runs.recent("tick", 50)).anySatisfy(recorded -> assertThat(recorded)
        .extracting(RunRecord::fnCallId, RunRecord::error).containsExactly(run.fnCallId(), run.error()));
  }

  @Test
  void invoke_shouldRecordPoison_withTheFunctionsReason() {
    RunRecord run = invoker.invoke(trigger, function, event("odd"), 1, true);

    assertThat(run.outcome()).isEqualTo(Outcome.poison);
    assertThat(run.error()).isEqualTo(new FlagError("unknown-shape", "customer.address is a list"));
  }

  @Test
  void invoke_shouldRecordThrottled_whenFnHasNoContainerFreeForTheCall() throws Exception {
    ExecutorService calls = Executors.newFixedThreadPool(2);
    try {
      List<Future<RunRecord>> both = calls.invokeAll(List.of(
          () -> invoker.invoke(trigger, function, event("slow"), 1, true),
          () -> invoker.invoke(trigger, function, event("slow"), 1, true)));

      List<RunRecord> runsOfBoth = List.of(both.get(0).get(), both.get(1).get());
      assertThat(runsOfBoth).extracting(RunRecord::outcome)
          .containsExactlyInAnyOrder(Outcome.succeeded, Outcome.throttled);
      assertThat(runsOfBoth).filteredOn(run -> run.outcome() == Outcome.throttled).singleElement()
          .satisfies(run -> {
            assertThat(run.fnStatus()).isEqualTo(503);
            assertThat(run.error()).isNull();
            assertThat(run.detail()).contains("503", "server too busy");
          });
    } finally {
      calls.shutdown();
    }
  }

  @Test
  void invoke_shouldRecordFnOutOfReach_asAFailureWithItsCause() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Invoker unreachable = new Invoker(new FnHttpClient(URI.create("http://127.0.0.1:" + closed)), runs, flags,
        Clock.systemUTC());

    RunRecord run = unreachable.invoke(trigger, function, event("ok"), 1, true);

    assertThat(run).extracting(RunRecord::outcome, RunRecord::fnStatus).containsExactly(Outcome.failed, 0);
    assertThat(run.error().code()).isEqualTo("fn-unreachable");
    assertThat(run.error().message()).contains("cannot reach the Fn API at http://127.0.0.1:" + closed);
  }

  @Test
  void outcomes_shouldCountEveryRunOfATrigger_byOutcome() {
    Invoker counting = new Invoker(new FnHttpClient(host.uri()), runs, flags, Clock.systemUTC());
    counting.invoke(trigger, function, event("ok"), 1, true);
    counting.invoke(trigger, function, event("ok"), 1, true);
    counting.invoke(trigger, function, event("caught"), 1, true);

    assertThat(counting.outcomes("tick")).containsEntry("succeeded", 2L).containsEntry("failed", 1L)
        .containsEntry("throttled", 0L).containsEntry("poison", 0L);
    assertThat(counting.outcomes("other")).containsEntry("succeeded", 0L);
  }

  @Test
  void invoke_shouldRecordADeferral_withTheRetryAfterTheFunctionAnswered() {
    RunRecord run = invoker.invoke(trigger, function, event("busy"), 3, true);

    assertThat(run.outcome()).isEqualTo(Outcome.deferred);
    assertThat(run.fnStatus()).isEqualTo(200);
    assertThat(run.retryAfter()).isEqualTo("PT7S");
    assertThat(run.detail()).isEqualTo("held by another invocation");
    assertThat(runs.recent("tick", 50)).anySatisfy(recorded -> assertThat(recorded)
        .extracting(RunRecord::fnCallId, RunRecord::outcome, RunRecord::attempt, RunRecord::retryAfter)
        .containsExactly(run.fnCallId(), Outcome.deferred, 3, "PT7S"));
  }

  @Test
  void invoke_shouldRecordADeferralAsAFailedAttempt_whenTheTriggerMayNotDeferTheEventAgain() {
    RunRecord run = invoker.invoke(trigger, function, event("busy"), 1, false);

    assertThat(run.outcome()).isEqualTo(Outcome.failed);
    assertThat(run.error()).isEqualTo(new FlagError("deferred-too-often",
        "deferred past the trigger's delivery.maxDeferrals, counted as a failed attempt: held by another invocation"));
    assertThat(run.detail()).isEqualTo("deferred-too-often: deferred past the trigger's delivery.maxDeferrals,"
        + " counted as a failed attempt: held by another invocation");
  }

  @Test
  void hold_shouldLastTheFunctionsTimeout_andTheMarginsOfItsAnswerAndOfTheKeysHold() {
    assertThat(Invoker.hold(function)).isEqualTo(function.timeout().plusSeconds(35));
  }

  @Test
  void recent_shouldListTheNewestFirst() {
    invoker.invoke(trigger, function, event("ok"), 1, true);
    invoker.invoke(trigger, function, event("bad-input"), 1, true);

    List<RunRecord> recent = runs.recent("tick", 2);

    assertThat(recent).hasSize(2);
    assertThat(recent.get(0).startedAt()).isGreaterThanOrEqualTo(recent.get(1).startedAt());
    assertThat(recent.get(0).outcome()).isEqualTo(Outcome.rejected);
  }

  private static TimerEvent event(String id) {
    return TriggerEvent.ofTimer("tick", id, "timer:tick@" + id, new TimerTick(id, false, true));
  }
}
