package io.fnjobs.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.fnhost.FnHost;
import io.fnjobs.fnhost.FnHostOptions;
import io.fnjobs.fnhost.FunctionsFolder;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.definition.TriggerDefinitionLoader;
import io.fnjobs.triggers.fixtures.ReplyFunction;
import io.fnjobs.triggers.fn.FnHttpClient;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** The invoker against the real function host and the real embedded store, over loopback. */
class InvokerTest {

  @TempDir static Path temp;

  private static EmbeddedS3 store;
  private static S3Client s3;
  private static FnHost host;
  private static Invoker invoker;
  private static RunLog runs;
  private static FunctionRef function;
  private static TriggerDefinition trigger;

  @BeforeAll
  static void start() throws IOException {
    store = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(temp.resolve("s3")).build());
    store.createBuckets(List.of("state"));
    s3 = StorageClients.s3(EndpointSettings.local(store.uri(), "minioadmin", "minioadmin"));
    FunctionsFolder functions = FunctionsFolder.create(temp.resolve("functions"), "app", Map.of())
        .function("reply", ReplyFunction.class, 5, Map.of());
    host = FnHost.start(FnHostOptions.builder().port(0).functionsDir(functions.dir()).build());
    Clock clock = Clock.systemUTC();
    runs = new ObjectStoreRunLog(s3, "state", clock);
    FnHttpClient fn = new FnHttpClient(host.uri());
    invoker = new Invoker(fn, runs, clock);
    function = fn.resolve("app", "reply");
    Path definitions = Files.createDirectories(temp.resolve("triggers"));
    Files.writeString(definitions.resolve("tick.yaml"), """
        name: tick
        type: timer
        app: app
        function: reply
        source:
          schedule: "0 * * * * *"
        """);
    trigger = new TriggerDefinitionLoader(Map.of()).load(definitions).get(0);
  }

  @AfterAll
  static void stop() {
    host.close();
    s3.close();
    store.close();
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
    assertThat(run.detail()).isEqualTo(
        "deferred past the trigger's delivery.maxDeferrals, counted as a failed attempt: held by another invocation");
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

  private static TriggerEvent event(String id) {
    return TriggerEvent.ofTimer("tick", id, "timer:tick@" + id, new TimerTick(id, false, true));
  }
}
