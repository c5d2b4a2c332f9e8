package io.fnjobs.thumbnail;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fnjobs.common.event.BlobEvent;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.common.idempotency.Idempotent;
import io.fnjobs.common.idempotency.InProgressElsewhereException;
import io.fnjobs.common.idempotency.ObjectStoreIdempotencyStore;
import io.fnjobs.common.job.JobKit;
import io.fnjobs.common.job.JobRunner;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.JobNames;
import io.fnjobs.common.layout.OutputLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.ETags;
import io.fnjobs.thumbnail.image.EmptyFileException;
import io.fnjobs.thumbnail.image.FileErrors;
import io.fnjobs.thumbnail.image.ImageTooLargeException;
import io.fnjobs.thumbnail.image.Rendering;
import io.fnjobs.thumbnail.image.Thumbnail;
import io.fnjobs.thumbnail.image.Thumbnailer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The thumbnail job on object storage: for a created original, its thumbnails at
 * {@code <size>/<original key>} in the output bucket and its flag at {@code thumbnail/<original key>.json};
 * for a removed one, neither any more.
 *
 * <p>An event older than the object is skipped without touching the flag: a created event whose
 * object is gone or has other content (the newer change brings its own event), a removal whose object
 * exists again. The work of a current event runs through the {@link JobRunner}, once per upload (see
 * {@link #uploadKey}), its flag ordered by the version's last-modified time and sequencer: an
 * invocation for an older version that overlapped a newer one's (it checked the object before the
 * newer content came) leaves the newer version's flag as it is, and its thumbnails too: the
 * {@link ThumbnailStore} writes them under the same order.
 *
 * <p>The original is spooled to a temporary file to be decoded; no message (flag, reply, log) names
 * that file: they name the original's key.
 */
public final class ThumbnailJob {

  static final String JOB = JobNames.THUMBNAIL;

  private static final Logger LOG = LoggerFactory.getLogger(ThumbnailJob.class);

  private final S3Client s3;
  private final Thumbnailer thumbnailer;
  private final ThumbnailStore thumbnails;
  private final ConditionalStore state;
  private final StatusFlags flags;
  private final Idempotent idempotent;
  private final JobRunner runner;
  private final Clock clock;

  /** The job on a function's kit: its S3 client reads the originals, its state bucket keeps the flags. */
  public ThumbnailJob(JobKit kit, Thumbnailer thumbnailer, ThumbnailStore thumbnails) {
    this(kit.s3(), thumbnailer, thumbnails, kit.state(), kit.flags(), kit.idempotent(), kit.clock());
  }

  /**
   * @param s3 reads the originals
   * @param thumbnails where the thumbnails go
   * @param state the state bucket, where a removal forgets the last version's idempotency record
   */
  public ThumbnailJob(S3Client s3, Thumbnailer thumbnailer, ThumbnailStore thumbnails, ConditionalStore state,
      StatusFlags flags, Idempotent idempotent, Clock clock) {
    this.s3 = s3;
    this.thumbnailer = thumbnailer;
    this.thumbnails = thumbnails;
    this.state = state;
    this.flags = flags;
    this.idempotent = idempotent;
    this.runner = new JobRunner(flags, idempotent, clock);
    this.clock = clock;
  }

  /** Handles one blob event: makes or removes the thumbnails of its object. */
  public JobReply handle(TriggerEvent event) {
    BlobEvent change = JobReply.expect(JOB, BlobEvent.class, event);
    BlobChange blob = change.blob();
    return blob.change() == BlobChange.Change.created ? created(change, blob) : removed(change, blob);
  }

  private JobReply created(BlobEvent event, BlobChange blob) {
    Optional<HeadObjectResponse> head = ObjectHeads.head(s3, blob.bucket(), blob.key());
    if (head.isEmpty()) {
      return skipped(event, "the object is gone; its removal is handled by its own event");
    }
    String current = ETags.bare(head.get().eTag());
    String announced = ETags.bare(blob.etag());
    if (announced != null && !announced.equals(current)) {
      return skipped(event, "the object has newer content (ETag " + current + "), handled by its own event");
    }
    BlobEvent upload = event.withIdempotencyKey(uploadKey(event, blob, head.get()));
    SourceVersion version = new SourceVersion(current, orderOf(blob, head.get()));
    JobReply reply = runner.run(JOB, blob.key(), version.order(), upload, Payload.of(blob),
        () -> makeThumbnails(upload, blob, head.get(), version));
    if (JobReply.DEFERRED.equals(reply.state())) {
      logDeferred(event, reply.detail());
    } else if (JobReply.REJECTED.equals(reply.state())) {
      LOG.info("trigger={} function={} event={} rejected {}/{} for good: {}", event.trigger(), JOB, event.eventId(),
          blob.bucket(), blob.key(), reply.detail());
    }
    return reply;
  }

  /**
   * The key the upload's work runs under. The trigger layer's key names the version by its ETag, which
   * the same bytes uploaded again repeat: content A, then B, then A again would be answered from A's
   * first result, and the thumbnails would stay B's. A version id names one upload already; without
   * one, the key is narrowed to the upload (see {@link IdempotencyKeys#blobUpload}), in the function's
   * namespace the trigger layer's key came in.
   */
  static String uploadKey(TriggerEvent event, BlobChange blob, HeadObjectResponse head) {
    if (blob.versionId() != null) {
      return event.idempotencyKey();
    }
    return IdempotencyKeys.inNamespaceOf(event.idempotencyKey(), IdempotencyKeys.blobUpload(blob.bucket(), blob.key(),
        ETags.bare(head.eTag()), head.lastModified(), blob.sequencer()));
  }

  /**
   * The version's place among the key's versions: its last-modified time, read from the store the same
   * way whether an event or the sweep brought the change, then the event's sequencer, which orders two
   * versions written within the same second (the resolution of Last-Modified); the sweep has none.
   */
  private static EventOrder orderOf(BlobChange blob, HeadObjectResponse head) {
    return EventOrder.objectVersion(head.lastModified(), blob.sequencer());
  }

  private ThumbnailResult makeThumbnails(BlobEvent event, BlobChange blob, HeadObjectResponse head,
      SourceVersion version) {
    long limit = thumbnailer.limits().maxBytes();
    if (head.contentLength() != null && head.contentLength() == 0) {
      throw new EmptyFileException(blob.key());
    }
    if (head.contentLength() != null && head.contentLength() > limit) {
      throw ImageTooLargeException.bytes(blob.key(), head.contentLength(), limit);
    }
    long started = System.nanoTime();
    Path file = download(blob, version.etag(), limit);
    try {
      long downloaded = System.nanoTime();
      Rendering rendering = thumbnailer.render(file, blob.key());
      long rendered = System.nanoTime();
      List<ThumbnailResult.Output> outputs = store(blob, version, rendering);
      long uploaded = System.nanoTime();
      Rendering.Timings t = rendering.timings();
      ThumbnailResult result = new ThumbnailResult(blob.bucket(), blob.key(), version.etag(),
          new ThumbnailResult.Source(rendering.format(), rendering.width(), rendering.height(),
              rendering.orientation().tag(), sizeOf(file)),
          rendering.partial(), rendering.partialReason(), outputs, outputs.size() < rendering.thumbnails().size(),
          new ThumbnailResult.Timings(millis(downloaded - started), t.probeMillis(), t.decodeMillis(),
              t.resizeMillis(), t.encodeMillis(), millis(uploaded - rendered), millis(uploaded - started)));
      logMade(event, blob, rendering, result);
      return result;
    } finally {
      deleteQuietly(blob, file);
    }
  }

  /** Stores the thumbnails of {@code version}; answers those written, without those a newer version's kept out. */
  private List<ThumbnailResult.Output> store(BlobChange blob, SourceVersion version, Rendering rendering) {
    List<ThumbnailResult.Output> outputs = new ArrayList<>();
    for (Thumbnail thumbnail : rendering.thumbnails()) {
      String key = OutputLayout.thumbnail(thumbnail.box(), blob.key());
      if (thumbnails.put(key, version, thumbnail)) {
        outputs.add(new ThumbnailResult.Output(thumbnails.bucket(), key, thumbnail.box(), thumbnail.width(),
            thumbnail.height(), thumbnail.bytes().length, thumbnail.contentType()));
      }
    }
    return outputs;
  }

  private static void logMade(BlobEvent event, BlobChange blob, Rendering rendering, ThumbnailResult result) {
    LOG.info("trigger={} function={} event={} made {} thumbnails of {}/{} ({} {}x{}) in {} ms", event.trigger(), JOB,
        event.eventId(), result.outputs().size(), blob.bucket(), blob.key(), rendering.format(), rendering.width(),
        rendering.height(), result.timings().totalMillis());
    if (result.superseded()) {
      LOG.info("trigger={} function={} event={} kept {} thumbnails of a newer version of {}/{} in place",
          event.trigger(), JOB, event.eventId(), rendering.thumbnails().size() - result.outputs().size(),
          blob.bucket(), blob.key());
    }
    if (result.partial()) {
      LOG.warn("trigger={} function={} event={} made the thumbnails of {}/{} from part of the image"
          + " (THUMBNAIL_ACCEPT_PARTIAL_IMAGES is true): {}", event.trigger(), JOB, event.eventId(), blob.bucket(),
          blob.key(), result.partialReason());
    }
  }

  private JobReply removed(BlobEvent event, BlobChange blob) {
    if (ObjectHeads.head(s3, blob.bucket(), blob.key()).isPresent()) {
      return skipped(event, "the object exists again; its new content is handled by its own event");
    }
    Removal removal;
    try {
      removal = idempotent.run(event.idempotencyKey(), Payload.of(blob),
          event.deadlineOr(clock.instant().plus(Duration.ofMinutes(5))), Removal.class, () -> removeOutputs(event, blob));
    } catch (InProgressElsewhereException e) {
      logDeferred(event, e.getMessage());
      return JobReply.deferred(JOB, blob.key(), event.idempotencyKey(), e.retryAfter(), e.getMessage());
    }
    return new JobReply(JOB, blob.key(), event.idempotencyKey(), JobReply.SUCCEEDED,
        "removed " + removal.deleted().size() + " thumbnails and the flag", Json.tree(removal));
  }

  private Removal removeOutputs(BlobEvent event, BlobChange blob) {
    Optional<StatusFlag> flag = flags.get(JOB, blob.key());
    Set<String> keys = new LinkedHashSet<>();
    thumbnailer.boxes().forEach(box -> keys.add(OutputLayout.thumbnail(box, blob.key())));
    // thumbnails of sizes configured earlier, as the flag recorded them
    flag.map(StatusFlag::result).map(result -> result.path("outputs")).ifPresent(outputs ->
        outputs.forEach(output -> {
          if (thumbnails.bucket().equals(output.path("bucket").asText()) && !output.path("key").asText().isEmpty()) {
            keys.add(output.path("key").asText());
          }
        }));
    keys.forEach(thumbnails::delete);
    // forget the last version's idempotency record too: the same bytes uploaded again must be processed again
    flag.ifPresent(f -> state.delete(ObjectStoreIdempotencyStore.recordKey(f.idempotencyKey())));
    state.delete(StatusFlag.keyOf(JOB, blob.key()));
    LOG.info("trigger={} function={} event={} removed {} thumbnails and the flag of {}/{}", event.trigger(), JOB,
        event.eventId(), keys.size(), blob.bucket(), blob.key());
    return new Removal(List.copyOf(keys));
  }

  /** Spools the version to a temporary file, which the caller deletes; errors name the original, not the file. */
  private Path download(BlobChange blob, String etag, long limit) {
    String name = blob.bucket() + "/" + blob.key();
    Path file;
    try {
      file = Files.createTempFile("thumbnail-source-", ".img");
    } catch (IOException e) {
      throw FileErrors.failed("cannot create a temporary file for", name, null, e);
    }
    try (ResponseInputStream<GetObjectResponse> in =
            s3.getObject(r -> r.bucket(blob.bucket()).key(blob.key()).ifMatch(etag));
        OutputStream out = Files.newOutputStream(file)) {
      copyAtMost(blob, in, out, limit);
      return file;
    } catch (IOException e) {
      deleteQuietly(blob, file);
      throw FileErrors.failed("cannot download", name, file, e);
    } catch (RuntimeException e) {
      deleteQuietly(blob, file);
      throw e;
    }
  }

  private static void copyAtMost(BlobChange blob, InputStream in, OutputStream out, long limit) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
      total += read;
      if (total > limit) {
        throw ImageTooLargeException.bytes(blob.key(), total, limit);
      }
      out.write(buffer, 0, read);
    }
  }

  private static void logDeferred(BlobEvent event, String why) {
    LOG.info("trigger={} function={} event={} attempt={} deferred, another invocation does its work: {}",
        event.trigger(), JOB, event.eventId(), event.attempt(), why);
  }

  private JobReply skipped(BlobEvent event, String why) {
    LOG.info("trigger={} function={} event={} skipped: {}", event.trigger(), JOB, event.eventId(), why);
    return new JobReply(JOB, event.blob().key(), event.idempotencyKey(), JobReply.SKIPPED, why);
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return -1;
    }
  }

  private static void deleteQuietly(BlobChange blob, Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("function={} cannot delete the temporary copy of {}/{}: {}", JOB, blob.bucket(), blob.key(),
          FileErrors.failed("cannot delete", blob.key(), file, e).getMessage());
    }
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }

  /**
   * What an idempotency key stands for: the change of one object version (the key itself names the
   * upload). The size is left out: the sweep and the notifications do not all report it.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Payload(String change, String bucket, String key, String etag, String versionId) {
    static Payload of(BlobChange blob) {
      return new Payload(blob.change().name(), blob.bucket(), blob.key(), ETags.bare(blob.etag()), blob.versionId());
    }
  }

  /** What a removal deleted. */
  record Removal(List<String> deleted) {}
}
