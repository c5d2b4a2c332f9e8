package io.fnjobs.cleanup;

import com.fnproject.fn.api.RuntimeContext;
import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.config.Settings;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.TriggerEvent;

/**
 * Fn entry point of the nightly-cleanup job ({@code io.fnjobs.cleanup.CleanupFunction::handleRequest});
 * it takes {@link TriggerEvent}s of kind {@code timer}.
 */
public class CleanupFunction {

  static final String JOB = "nightly-cleanup";
  static final String RETENTION_DAYS = "CLEANUP_UPLOAD_RETENTION_DAYS";

  private final int retentionDays;

  public CleanupFunction(RuntimeContext context) {
    this.retentionDays = Settings.from(context::getConfigurationByKey).getInt(RETENTION_DAYS, 30);
    if (retentionDays < 1) {
      throw new InvalidSettingException(
          RETENTION_DAYS, String.valueOf(retentionDays), "a number of days, 1 or more");
    }
  }

  public JobReply handleRequest(TriggerEvent event) {
    JobReply.expect(JOB, TriggerEvent.Kind.timer, event);
    return JobReply.accepted(JOB, event.timer().slot(), event)
        .withDetail("upload retention " + retentionDays + " days");
  }
}
