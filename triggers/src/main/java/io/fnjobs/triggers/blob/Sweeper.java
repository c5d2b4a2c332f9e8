package io.fnjobs.triggers.blob;

import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.triggers.definition.BlobSource;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The reconciliation sweep of one blob trigger: lists the watched prefix page by page and hands every
 * watched object version that has no settled receipt (none at all, or a hold that ran out) to the
 * workers, as if an event had come. It catches what events missed: changes while the trigger layer was
 * down, webhooks dropped, notifications switched off. Only one page of the listing is in memory at a
 * time; uploads found settled are remembered, within a bound, to spare their receipts a read (see
 * {@link SettledVersions} for why an upload and not a version).
 */
public final class Sweeper {

  /** S3's largest page. */
  public static final int PAGE_SIZE = 1000;
  private static final int SETTLED_MEMORY = 100_000;

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
  private final int pageSize;
  private final SettledVersions settled = new SettledVersions(SETTLED_MEMORY);

  public Sweeper(String trigger, BlobSource source, S3Client s3, Receipts receipts, Dispatch dispatch, Clock clock) {
    this(trigger, source, s3, receipts, dispatch, clock, PAGE_SIZE);
  }

  Sweeper(String trigger, BlobSource source, S3Client s3, Receipts receipts, Dispatch dispatch, Clock clock,
      int pageSize) {
    this.pageSize = pageSize;
    this.trigger = trigger;
    this.source = source;
    this.s3 = s3;
    this.receipts = receipts;
    this.dispatch = dispatch;
    this.clock = clock;
  }

  /** Sweeps once. */
  public SweepReport sweep() throws InterruptedException {
    Instant started = clock.instant();
    long startNanos = System.nanoTime();
    long listed = 0;
    long watched = 0;
    long dispatched = 0;
    ListObjectsV2Request request =
        ListObjectsV2Request.builder().bucket(source.bucket()).prefix(source.prefix()).maxKeys(pageSize).build();
    for (S3Object object : s3.listObjectsV2Paginator(request).contents()) {
      listed++;
      if (!source.concerns(source.bucket(), object.key(), Change.created)) {
        continue;
      }
      watched++;
      ObjectChange change =
          ObjectChange.created(source.bucket(), object.key(), object.eTag(), object.size(), ObjectChange.Source.sweep);
      if (needsWork(change, object.lastModified())) {
        dispatch.accept(change);
        dispatched++;
      }
    }
    return new SweepReport(started.toString(), listed, watched, dispatched, (System.nanoTime() - startNanos) / 1_000_000);
  }

  private boolean needsWork(ObjectChange change, Instant lastModified) {
    if (settled.contains(change, lastModified)) {
      return false;
    }
    Optional<Receipt> receipt = receipts.find(trigger, change);
    if (receipt.isPresent() && receipt.get().state().settled()) {
      settled.add(change, lastModified);
      return false;
    }
    // no receipt, or one being processed: a live hold makes the claim a no-op, a lapsed one is taken over
    return receipt.isEmpty() || !receipt.get().heldAt(clock.instant());
  }

  /** How many settled uploads the sweep remembers. */
  public int remembered() {
    return settled.size();
  }
}
