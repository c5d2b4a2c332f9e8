package io.fnjobs.triggers.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.fnhost.FnHost;
import io.fnjobs.fnhost.FnHostOptions;
import io.fnjobs.fnhost.FunctionsFolder;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.definition.TriggerDefinitionLoader;
import io.fnjobs.triggers.fixtures.TraceparentFunction;
import io.fnjobs.triggers.fn.FnHttpClient;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.metrics.TriggerMetrics;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.runtime.TriggerModules;
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

/**
 * The invocation's trace context reaches the function through the real function host, as Fn passes an
 * invoke request's headers, and the run record keeps the trace id.
 */
class InvokerTracingTest {

  private static final String PARENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00-" + PARENT_TRACE + "-00f067aa0ba902b7-01";
  private static final String TRACEPARENT = "00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}";

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
        .function("trace", TraceparentFunction.class, 5, Map.of());
    host = FnHost.start(FnHostOptions.builder().port(0).functionsDir(functions.dir()).build());
    Clock clock = Clock.systemUTC();
    runs = new ObjectStoreRunLog(s3, "state", clock);
    FnHttpClient fn = new FnHttpClient(host.uri());
    invoker = new Invoker(fn, runs, new ObjectStoreStatusFlags(new S3ConditionalStore(s3, "state"), clock), clock,
        TriggerMetrics.NONE, InvocationTracer.create());
    function = fn.resolve("app", "trace");
    Path definitions = Files.createDirectories(temp.resolve("triggers"));
    Files.writeString(definitions.resolve("tick.yaml"), """
        name: tick
        type: timer
        app: app
        function: trace
        source:
          schedule: "0 * * * * *"
        """);
    trigger = new TriggerDefinitionLoader(Map.of(), TriggerModules.installed().all()).load(definitions).get(0);
  }

  @AfterAll
  static void stop() {
    host.close();
    s3.close();
    store.close();
  }

  @Test
  void invoke_shouldContinueTheEventsTrace_andSendTheFunctionItsOwnSpan_whenTheEventCameWithATraceparent() {
    RunRecord run = invoker.invoke(trigger, function, event("a"), 1, true, PARENT);

    assertThat(run.traceId()).isEqualTo(PARENT_TRACE);
    assertThat(run.detail()).matches(TRACEPARENT).startsWith("00-" + PARENT_TRACE + "-")
        .isNotEqualTo(PARENT);
    assertThat(runs.recent("tick", 10)).filteredOn(stored -> stored.eventId().equals("a")).singleElement()
        .extracting(RunRecord::traceId).isEqualTo(PARENT_TRACE);
  }

  @Test
  void invoke_shouldStartATraceOfItsOwn_whenTheEventCameWithoutOne() {
    RunRecord first = invoker.invoke(trigger, function, event("b"), 1, true);
    RunRecord second = invoker.invoke(trigger, function, event("c"), 1, true, "not-a-traceparent");

    assertThat(first.traceId()).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32));
    assertThat(first.detail()).matches(TRACEPARENT).startsWith("00-" + first.traceId() + "-");
    assertThat(second.traceId()).matches("[0-9a-f]{32}").isNotEqualTo(first.traceId());
  }

  private static TriggerEvent event(String id) {
    return TriggerEvent.ofTimer("tick", id, "timer:tick@" + id, new TimerTick(id, false, true));
  }
}
