package io.fnjobs.thumbnail;

import com.fnproject.fn.api.FnConfiguration;
import com.fnproject.fn.api.RuntimeContext;
import io.fnjobs.common.config.Settings;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.job.CallLog;
import io.fnjobs.common.job.JobKit;
import io.fnjobs.thumbnail.image.Thumbnailer;
import java.time.Clock;

/**
 * Fn entry point of the thumbnail job ({@code io.fnjobs.thumbnail.ThumbnailFunction::handleRequest});
 * it takes {@link TriggerEvent}s of kind {@code blob}. It reads its settings ({@link ThumbnailSettings}, and the
 * {@link JobKit}'s) once per container and hands each event to a {@link ThumbnailJob}.
 */
public class ThumbnailFunction {

  private final ThumbnailJob job;

  public ThumbnailFunction(RuntimeContext context) {
    Settings settings = Settings.from(context::getConfigurationByKey);
    ThumbnailSettings thumbnails = ThumbnailSettings.from(settings);
    JobKit kit = JobKit.from(settings, Clock.systemUTC());
    this.job = new ThumbnailJob(kit,
        new Thumbnailer(thumbnails.sizes(), thumbnails.limits(), thumbnails.partialImages(), thumbnails.jpegDecoder()),
        new S3ThumbnailStore(kit.s3(), thumbnails.outputBucket()));
  }

  /** Logs each call's Fn call id beside its trace id, before the call runs. */
  @FnConfiguration
  public static void logCalls(RuntimeContext context) {
    CallLog.install(context);
  }

  public JobReply handleRequest(TriggerEvent event) {
    return job.handle(event);
  }
}
