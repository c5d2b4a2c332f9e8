package io.fnjobs.bench;

import io.fnjobs.bench.echo.EchoFunction;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.fnhost.FnHost;
import io.fnjobs.fnhost.FnHostOptions;
import io.fnjobs.fnhost.FunctionsFolder;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.definition.TriggerDefinitionLoader;
import io.fnjobs.triggers.fn.FnHttpClient;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.metrics.Metrics;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.runtime.TriggerModules;
import io.fnjobs.triggers.tracing.InvocationTracer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * What the trigger layer's metrics cost an invocation: the invoker calling an echo function in the
 * embedded function host over loopback, with metrics on and off ({@code FNJOBS_METRICS=off}) in the
 * same run, in alternating rounds so that the JIT and the machine's load treat both alike. The run
 * log keeps nothing, so that the state bucket's writes do not drown the difference; the span of each
 * invocation is started either way.
 *
 * <p>Arguments: {@code [warm-up calls, default 1000] [measured calls per round, default 2000] [rounds,
 * default 4]}.
 */
public final class MetricsBench {

  private static final RunLog NOWHERE = new RunLog() {
    @Override
    public void record(RunRecord run) {}

    @Override
    public List<RunRecord> recent(String trigger, int limit) {
      return List.of();
    }
  };

  public static void main(String[] args) throws Exception {
    int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    Path dir = Files.createTempDirectory("metrics-bench");
    Path functions = dir.resolve("functions");
    FunctionsFolder.create(functions, "bench", Map.of()).function("echo", EchoFunction.class, 30, Map.of());
    Path triggers = Files.createDirectories(dir.resolve("triggers"));
    Files.writeString(triggers.resolve("tick.yaml"), """
        name: tick
        type: timer
        app: bench
        function: echo
        source:
          schedule: "0 0 2 * * *"
        """);
    TriggerDefinition trigger = new TriggerDefinitionLoader(Map.of(), TriggerModules.installed().all()).load(triggers).get(0);
    try (FnHost host = FnHost.start(FnHostOptions.builder().port(0).functionsDir(functions).build())) {
      FnHttpClient fn = new FnHttpClient(host.uri());
      FunctionRef echo = fn.resolve("bench", "echo");
      Metrics on = Metrics.on(Clock.systemUTC());
      Invoker metered = invoker(fn, on);
      Invoker unmetered = invoker(fn, Metrics.off());
      Latencies.measure(warmup, 0, () -> metered.invoke(trigger, echo, event(), 1, true));
      Latencies.measure(warmup, 0, () -> unmetered.invoke(trigger, echo, event(), 1, true));
      System.out.printf("%-34s %10s %10s %10s%n", "invoker -> host -> echo", "p50 ms", "p99 ms", "mean ms");
      for (int round = 1; round <= rounds; round++) {
        row("round " + round + ", metrics off", Latencies.measure(0, calls,
            () -> unmetered.invoke(trigger, echo, event(), 1, true)));
        row("round " + round + ", metrics on", Latencies.measure(0, calls,
            () -> metered.invoke(trigger, echo, event(), 1, true)));
      }
      long started = System.nanoTime();
      int length = on.scrape().orElseThrow().length();
      System.out.printf("one scrape of GET /metrics: %.2f ms, %d characters%n",
          (System.nanoTime() - started) / 1_000_000.0, length);
    }
  }

  private static Invoker invoker(FnHttpClient fn, Metrics metrics) {
    return new Invoker(fn, NOWHERE, null, Clock.systemUTC(), metrics.triggers(), InvocationTracer.create());
  }

  private static TriggerEvent event() {
    return TriggerEvent.ofTimer("tick", "bench", "timer:tick@bench", new TimerTick("2026-03-01T02:00:00Z", false, true));
  }

  private static void row(String name, Latencies latencies) {
    System.out.printf("%-34s %10.3f %10.3f %10.3f%n", name, latencies.percentileMillis(50),
        latencies.percentileMillis(99), latencies.meanMillis());
  }
}
