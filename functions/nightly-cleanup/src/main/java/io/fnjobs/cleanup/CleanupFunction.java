package io.fnjobs.cleanup;

import com.fnproject.fn.api.FnConfiguration;
import com.fnproject.fn.api.RuntimeContext;
import io.fnjobs.common.config.Settings;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.TimerEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.job.CallLog;
import io.fnjobs.common.job.JobKit;
import io.fnjobs.common.job.JobRunner;
import io.fnjobs.common.layout.JobNames;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fn entry point of the nightly cleanup ({@code io.fnjobs.cleanup.CleanupFunction::handleRequest}); it
 * takes {@link TriggerEvent}s of kind {@code timer} ({@link TimerEvent}) and runs {@link CleanupJob} once per slot, through
 * {@link JobRunner}: the slot's status flag {@code state/cleanup/<slot>.json} goes running, then
 * succeeded with the {@link io.fnjobs.cleanup.progress.CleanupReport} as its result (the report and the
 * flag are one object). A failed attempt leaves its checkpoint, which the trigger's next attempt continues.
 * An invocation for a slot whose run still goes on elsewhere answers {@code deferred} and touches nothing.
 */
public class CleanupFunction {

  static final String FUNCTION = "nightly-cleanup";
  static final String JOB = JobNames.CLEANUP;
  private static final Logger LOG = LoggerFactory.getLogger(CleanupFunction.class);

  private final JobRunner runner;
  private final CleanupJob job;

  public CleanupFunction(RuntimeContext context) {
    Settings settings = Settings.from(context::getConfigurationByKey);
    CleanupSettings cleanup = CleanupSettings.from(settings);
    JobKit kit = JobKit.from(settings, Clock.systemUTC());
    this.runner = kit.runner();
    this.job = new CleanupJob(kit, cleanup);
  }

  /** Logs each call's Fn call id beside its trace id, before the call runs. */
  @FnConfiguration
  public static void logCalls(RuntimeContext context) {
    CallLog.install(context);
  }

  public JobReply handleRequest(TriggerEvent event) {
    String slot = JobReply.expect(FUNCTION, TimerEvent.class, event).timer().slot();
    JobReply reply = runner.run(JOB, slot, EventOrder.ofSlot(slot), event, slot, () -> job.run(slot));
    if (JobReply.SUCCEEDED.equals(reply.state())) {
      // the report is in the flag now: the checkpoint has served
      job.forget(slot);
    } else if (JobReply.DEFERRED.equals(reply.state())) {
      LOG.info("trigger={} function={} event={} attempt={} deferred, another invocation runs the slot: {}",
          event.trigger(), FUNCTION, event.eventId(), event.attempt(), reply.detail());
    }
    return reply;
  }
}
