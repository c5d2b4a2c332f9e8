package io.fnjobs.triggers.blob;

import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteMarkerEntry;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsRequest;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The reconciliation sweep of one blob trigger: whatever no event brought, it finds. It lists the
 * watched prefix page by page and hands to the workers, as if an event had come:
 *
 * <ul>
 *   <li>every current object version without a settled receipt (none at all, a hold that ran out, or
 *       a hold an earlier start of this instance left);
 *   <li>every object listed with a later Last-Modified than its settled receipt stands for: the same
 *       bytes uploaded again after the original was removed, the removal's event lost or never sent;
 *   <li>for triggers that watch removals, a removal of every object that is gone while a receipt says
 *       an upload of it was processed: a removal whose event was lost is still applied, once.
 * </ul>
 *
 * <p>Where the bucket keeps versions it lists object versions (ListObjectVersions), so that its changes
 * carry version ids and name one version as events do; its removals carry the delete marker's id.
 *
 * <p>Only one page of each listing is in memory at a time, plus, for removals, 8 bytes per listed object
 * ({@link ListedObjects}); what was found settled is remembered, within a bound, to spare its receipts a
 * read (see {@link SettledVersions}).
 */
public final class Sweeper {

  /** S3's largest page. */
  public static final int PAGE_SIZE = 1000;
  private static final int SETTLED_MEMORY = 100_000;
  private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

  /** Where the sweep hands a change: blocks while the workers are full. */
  @FunctionalInterface
  public interface Dispatch {
    void accept(ObjectChange change) throws InterruptedException;
  }

  private final String trigger;
  private final BlobSource source;
  private final S3Client s3;
  private final Receipts receipts;
  private final Dispatch dispatch;
  private final Clock clock;
  private final String holder;
  private final int pageSize;
  private final SettledVersions settled = new SettledVersions(SETTLED_MEMORY);
  private final SettledVersions nothingToRemove = new SettledVersions(SETTLED_MEMORY);
  private final AtomicBoolean versioningUnknown = new AtomicBoolean();

  /** A sweeper of no instance: it takes up no hold before it runs out. */
  public Sweeper(String trigger, BlobSource source, S3Client s3, Receipts receipts, Dispatch dispatch, Clock clock) {
    this(trigger, source, s3, receipts, dispatch, clock, null, PAGE_SIZE);
  }

  /** {@code holder}: the instance's holder, whose earlier starts' holds it takes up at once. */
  Sweeper(String trigger, BlobSource source, S3Client s3, Receipts receipts, Dispatch dispatch, Clock clock,
      String holder, int pageSize) {
    this.trigger = trigger;
    this.source = source;
    this.s3 = s3;
    this.receipts = receipts;
    this.dispatch = dispatch;
    this.clock = clock;
    this.holder = holder;
    this.pageSize = pageSize;
  }

  /** What one sweep counts. */
  private static final class Tally {
    long listed;
    long watched;
    long dispatched;
    long removals;
  }

  /** Sweeps once. */
  public SweepReport sweep() throws InterruptedException {
    Instant started = clock.instant();
    long startNanos = System.nanoTime();
    Tally tally = new Tally();
    boolean versions = keepsVersions();
    ListedObjects present = source.events().contains(Change.removed) ? new ListedObjects() : null;
    if (versions) {
      listVersions(tally, present);
    } else {
      listObjects(tally, present);
    }
    if (present != null) {
      noticeRemovals(present, started, versions, tally);
    }
    return new SweepReport(started.toString(), tally.listed, tally.watched, tally.dispatched, tally.removals, versions,
        (System.nanoTime() - startNanos) / 1_000_000);
  }

  /**
   * Whether the bucket keeps versions (versioning enabled, or suspended after it was). A store that does
   * not say, or a role not allowed to ask, is swept without version ids, with a warning once.
   */
  private boolean keepsVersions() {
    try {
      return s3.getBucketVersioning(request -> request.bucket(source.bucket())).status() != null;
    } catch (S3Exception e) {
      if (versioningUnknown.compareAndSet(false, true)) {
        LOG.warn("trigger={} cannot tell whether bucket {} keeps versions ({}): sweeping without version ids; where"
            + " it keeps them, allow the trigger layer s3:GetBucketVersioning and s3:ListBucketVersions on it",
            trigger, source.bucket(), e.awsErrorDetails() == null ? e.getMessage()
                : e.awsErrorDetails().errorMessage());
      }
      return false;
    }
  }

  private void listObjects(Tally tally, ListedObjects present) throws InterruptedException {
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(source.bucket()).prefix(source.prefix()).maxKeys(pageSize).build();
    for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
      tally.listed++;
      consider(ObjectChange.listed(source.bucket(), object.key(), object.eTag(), object.size(), null,
          object.lastModified()), object.lastModified(), tally, present);
    }
  }

  /** Every version is listed; the current one of each key counts, a delete marker leaves the key gone. */
  private void listVersions(Tally tally, ListedObjects present) throws InterruptedException {
    ListObjectVersionsRequest request =
        ListObjectVersionsRequest.builder().bucket(source.bucket()).prefix(source.prefix()).maxKeys(pageSize).build();
    for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(request)) {
      tally.listed += page.versions().size() + page.deleteMarkers().size();
      for (ObjectVersion version : page.versions()) {
        if (Boolean.TRUE.equals(version.isLatest())) {
          consider(ObjectChange.listed(source.bucket(), version.key(), version.eTag(), version.size(),
              version.versionId(), version.lastModified()), version.lastModified(), tally, present);
        }
      }
    }
  }

  private void consider(ObjectChange change, Instant lastModified, Tally tally, ListedObjects present)
      throws InterruptedException {
    if (!source.watches(change.blob().key())) {
      return;
    }
    tally.watched++;
    if (present != null) {
      present.add(receipts.objectOf(trigger, change.blob().bucket(), change.blob().key()));
    }
    if (source.events().contains(Change.created) && needsWork(change, lastModified)) {
      dispatch.accept(change);
      tally.dispatched++;
    }
  }

  private boolean needsWork(ObjectChange change, Instant lastModified) {
    if (settled.contains(change, lastModified)) {
      return false;
    }
    Optional<Receipt> receipt = receipts.find(trigger, change);
    if (receipt.isEmpty()) {
      return true;
    }
    if (receipt.get().state().settled()) {
      if (receipt.get().supersededBy(change)) {
        return true;
      }
      settled.add(change, lastModified);
      return false;
    }
    // being processed: a live hold makes the claim a no-op; a lapsed one, or one an earlier start left, is taken over
    return receipt.get().freeFor(holder, clock.instant());
  }

  /**
   * Hands over a removal for every object that is gone while a receipt says an upload of it was
   * processed. Receipts of gone objects are read, and remembered when they leave nothing to remove (a
   * removal settled): after that, a listing of them costs no read.
   */
  private void noticeRemovals(ListedObjects present, Instant started, boolean versions, Tally tally)
      throws InterruptedException {
    receipts.eachObject(trigger, object -> {
      if (present.contains(object.object()) || nothingToRemove.containsAll(object)) {
        return;
      }
      Optional<ObjectChange> removal = removalOf(receipts.read(object), object, started, versions);
      if (removal.isPresent()) {
        dispatch.accept(removal.get());
        tally.removals++;
      }
    });
  }

  private Optional<ObjectChange> removalOf(List<Receipt> found, Receipts.ListedReceipts object, Instant started,
      boolean versions) {
    Instant now = clock.instant();
    // held: its own delivery goes on, or an earlier start's resume takes it; written since the sweep began:
    // its object may have come after the listing passed its name
    if (found.stream().anyMatch(receipt -> receipt.heldAt(now) || writtenSince(receipt, started))) {
      return Optional.empty();
    }
    Optional<Receipt> processed = found.stream().filter(receipt -> receipt.kind() == Change.created)
        .max(Comparator.comparing(Receipt::uploadedAt));
    if (processed.isEmpty()) {
      nothingToRemove.addAll(object);
      return Optional.empty();
    }
    Receipt gone = processed.get();
    if (!source.concerns(gone.bucket(), gone.key(), Change.removed)) {
      nothingToRemove.addAll(object); // watched once, under a definition since changed
      return Optional.empty();
    }
    String marker = null;
    if (versions) {
      Newest newest = newestOf(gone.key());
      if (newest.current()) {
        return Optional.empty(); // it came back after the listing passed it: its own event or the next sweep has it
      }
      marker = newest.deleteMarker();
    }
    return Optional.of(ObjectChange.noticedRemoval(gone.bucket(), gone.key(), marker, gone.uploadedAt()));
  }

  private static boolean writtenSince(Receipt receipt, Instant started) {
    return !Instant.parse(receipt.updatedAt()).isBefore(started);
  }

  /**
   * What a key in a bucket that keeps versions is now.
   *
   * @param current a version of it is current
   * @param deleteMarker else the id of its current delete marker; null when no version of it is left
   */
  private record Newest(boolean current, String deleteMarker) {}

  /** Reads the key's versions until the current one: stores list a key's delete markers apart from its versions. */
  private Newest newestOf(String key) {
    for (ListObjectVersionsResponse page : s3.listObjectVersionsPaginator(request -> request.bucket(source.bucket())
        .prefix(key).maxKeys(pageSize))) {
      for (DeleteMarkerEntry marker : page.deleteMarkers()) {
        if (marker.key().equals(key) && Boolean.TRUE.equals(marker.isLatest())) {
          return new Newest(false, marker.versionId());
        }
      }
      for (ObjectVersion version : page.versions()) {
        if (version.key().equals(key) && Boolean.TRUE.equals(version.isLatest())) {
          return new Newest(true, null);
        }
      }
    }
    return new Newest(false, null);
  }

  /** How many settled uploads the sweep remembers. */
  public int remembered() {
    return settled.size();
  }
}
