package io.fnjobs.triggers.timer;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.Kind;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.http.AdminServer;
import io.fnjobs.triggers.metrics.TriggerMetrics;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runtime.TriggerContext;
import io.fnjobs.triggers.runtime.TriggerListener;
import io.fnjobs.triggers.runtime.TriggerModule;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Timer triggers: CRON schedules, runs on demand through {@code POST /timers/{name}/run}, and their
 * state through {@code GET /timers}.
 */
public final class TimerTriggerModule implements TriggerModule {

  @Override
  public Kind type() {
    return Kind.timer;
  }

  @Override
  public Class<TimerSource> sourceSpec() {
    return TimerSource.class;
  }

  @Override
  public TriggerListener listen(TriggerDefinition definition, FunctionRef function, TriggerContext context) {
    ScheduleStore store = scheduleStore(context);
    SlotInvoker invoker = new SlotInvoker() {
      @Override
      public RunRecord invoke(TriggerEvent event, int attempt, boolean deferrable) {
        return context.invoker().invoke(definition, function, event, attempt, deferrable);
      }

      @Override
      public void gaveUp(TriggerEvent event, int attempt, FlagError why) {
        context.invoker().giveUp(definition, event, attempt, why);
      }

      @Override
      public TriggerMetrics metrics() {
        return context.invoker().metrics();
      }
    };
    TimerEngine engine = new TimerEngine(definition, function, store, invoker,
        new ClockScheduler(context.clock(), "timer-" + definition.name()), new Random(), newOwner(), context.pauses());
    return new TimerListener(definition, function, engine, () -> store.lease(definition.name()),
        context.options().stateBucket(), new ClockScheduler(context.clock(), "timer-probe-" + definition.name()));
  }

  @Override
  public void routes(AdminServer admin, List<TriggerListener> listeners, TriggerContext context) {
    List<TimerListener> timers = listeners.stream().map(TimerListener.class::cast).toList();
    admin.route("POST", "/timers/{name}/run", new RunOnDemand(timers));
    // made per request, from the context then: a view is two small objects, and routes need no context until asked
    admin.route("GET", "/timers", request -> new TimersView(timers, new SlotHistory(context.s3(),
        context.options().stateBucket(), scheduleStore(context)), context.pauses(), context.clock()).handle(request));
  }

  private static ScheduleStore scheduleStore(TriggerContext context) {
    return new ObjectStoreScheduleStore(new S3ConditionalStore(context.s3(), context.options().stateBucket()));
  }

  /** host/pid/random: unique per listener, readable in leases and slot records. */
  static String newOwner() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    byte[] random = new byte[4];
    ThreadLocalRandom.current().nextBytes(random);
    return host + "/" + ProcessHandle.current().pid() + "/" + HexFormat.of().formatHex(random);
  }
}
