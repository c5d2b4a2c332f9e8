package io.fnjobs.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.failure.Failures;
import io.fnjobs.triggers.fixtures.TickOnTheHost;
import io.fnjobs.common.event.TimerEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.fnhost.metrics.PrometheusText;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.ReplyFunction;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.metrics.Metrics;
import io.fnjobs.triggers.tracing.InvocationTracer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The invoker's metrics move with the calls it makes to the real function host. */
class InvokerMetricsTest {

  private static final Map<String, String> TICK = Map.of("trigger", "tick", "function", "reply");

  @TempDir static Path temp;

  private static TickOnTheHost tick;
  private static FunctionRef function;
  private static TriggerDefinition trigger;

  @BeforeAll
  static void start() {
    // one container, and a short wait for it: a second call while one runs is answered 503 (busy)
    tick = TickOnTheHost.start(temp, "reply", ReplyFunction.class,
        host -> host.containersPerFunction(1).busyWait(Duration.ofMillis(100)));
    function = tick.function();
    trigger = tick.trigger();
  }

  @AfterAll
  static void stop() {
    tick.close();
  }

  @Test
  void invoke_shouldCountOutcomesRetriesFnStatusesAndDeadLetters_whenTheHostAnswers() throws Exception {
    Metrics metrics = Metrics.on(Clock.systemUTC());
    Invoker invoker = invoker(metrics);

    invoker.invoke(trigger, function, event("ok"), 1, true);
    invoker.invoke(trigger, function, event("caught"), 2, true);
    invoker.invoke(trigger, function, event("busy"), 1, true);
    ExecutorService calls = Executors.newFixedThreadPool(2);
    try {
      calls.invokeAll(List.of(() -> invoker.invoke(trigger, function, event("slow"), 1, true),
          () -> invoker.invoke(trigger, function, event("slow"), 1, true)));
    } finally {
      calls.shutdown();
    }
    invoker.giveUp(trigger, event("caught"), 2, Failures.of("function-error", "gave up"));

    PrometheusText text = PrometheusText.parse(metrics.scrape().orElseThrow());
    assertThat(text.value("fnjobs_invocations_total", with("outcome", "succeeded"))).isEqualTo(2);
    assertThat(text.value("fnjobs_invocations_total", with("outcome", "failed"))).isEqualTo(1);
    assertThat(text.value("fnjobs_invocations_total", with("outcome", "deferred"))).isEqualTo(1);
    assertThat(text.value("fnjobs_invocations_total", with("outcome", "throttled"))).isEqualTo(1);
    assertThat(text.value("fnjobs_fn_responses_total", Map.of("function", "reply", "status", "503"))).isEqualTo(1);
    assertThat(text.value("fnjobs_fn_responses_total", Map.of("function", "reply", "status", "200"))).isEqualTo(4);
    assertThat(text.value("fnjobs_retries_total", TICK)).isEqualTo(1);
    assertThat(text.value("fnjobs_dead_letters_total", TICK)).isEqualTo(1);
    assertThat(text.value("fnjobs_invocation_duration_seconds_count", TICK)).isEqualTo(5);
    // the slow call alone took 1.5 s
    assertThat(text.value("fnjobs_invocation_duration_seconds_sum", TICK)).isGreaterThan(1.5);
  }

  private static Invoker invoker(Metrics metrics) {
    Clock clock = Clock.systemUTC();
    return new Invoker(tick.fn(), tick.runs(clock), tick.flags(clock), clock, metrics.triggers(),
        InvocationTracer.create());
  }

  private static Map<String, String> with(String name, String value) {
    return Map.of("trigger", "tick", "function", "reply", name, value);
  }

  private static TimerEvent event(String id) {
    return TriggerEvent.ofTimer("tick", id, "timer:tick@" + id, new TimerTick(id, false, true));
  }
}
