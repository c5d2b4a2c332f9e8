package io.fnjobs.thumbnail;

import com.fnproject.fn.api.FnConfiguration;
import com.fnproject.fn.api.RuntimeContext;
import io.fnjobs.common.config.Settings;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.idempotency.Idempotent;
import io.fnjobs.common.idempotency.ObjectStoreIdempotencyStore;
import io.fnjobs.common.job.CallLog;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.thumbnail.image.Thumbnailer;
import java.time.Clock;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Fn entry point of the thumbnail job ({@code io.fnjobs.thumbnail.ThumbnailFunction::handleRequest});
 * it takes {@link TriggerEvent}s of kind {@code blob}. It reads its settings ({@link ThumbnailSettings},
 * {@code FNJOBS_S3_*}) once per container and hands each event to a {@link ThumbnailJob}.
 */
public class ThumbnailFunction {

  private final ThumbnailJob job;

  public ThumbnailFunction(RuntimeContext context) {
    Settings settings = Settings.from(context::getConfigurationByKey);
    ThumbnailSettings thumbnails = ThumbnailSettings.from(settings);
    S3Client s3 = StorageClients.s3(EndpointSettings.from(settings, "S3"));
    Clock clock = Clock.systemUTC();
    S3ConditionalStore state = new S3ConditionalStore(s3, thumbnails.stateBucket());
    this.job = new ThumbnailJob(s3,
        new Thumbnailer(thumbnails.sizes(), thumbnails.limits(), thumbnails.partialImages(), thumbnails.jpegDecoder()),
        new S3ThumbnailStore(s3, thumbnails.outputBucket()), state, new ObjectStoreStatusFlags(state, clock),
        new Idempotent(new ObjectStoreIdempotencyStore(state, clock, thumbnails.idempotencyRetention())), clock);
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
