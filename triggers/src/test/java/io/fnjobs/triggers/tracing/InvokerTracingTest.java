package io.fnjobs.triggers.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.triggers.fixtures.TickOnTheHost;
import io.fnjobs.common.event.TimerEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.TraceparentFunction;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.metrics.TriggerMetrics;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runtime.Invoker;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The invocation's trace context reaches the function through the real function host, as Fn passes an
 * invoke request's headers, and the run record keeps the trace id.
 */
class InvokerTracingTest {

  private static final String PARENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PARENT = "00-" + PARENT_TRACE + "-00f067aa0ba902b7-01";
  private static final String TRACEPARENT = "00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}";

  @TempDir static Path temp;

  private static TickOnTheHost tick;
  private static Invoker invoker;
  private static RunLog runs;
  private static FunctionRef function;
  private static TriggerDefinition trigger;

  @BeforeAll
  static void start() {
    tick = TickOnTheHost.start(temp, "trace", TraceparentFunction.class, host -> host);
    Clock clock = Clock.systemUTC();
    runs = tick.runs(clock);
    invoker = new Invoker(tick.fn(), runs, tick.flags(clock), clock, TriggerMetrics.NONE, InvocationTracer.create());
    function = tick.function();
    trigger = tick.trigger();
  }

  @AfterAll
  static void stop() {
    tick.close();
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

  private static TimerEvent event(String id) {
    return TriggerEvent.ofTimer("tick", id, "timer:tick@" + id, new TimerTick(id, false, true));
  }
}
