package io.fnjobs.cleanup.rules;

import io.fnjobs.cleanup.progress.BatchSink;
import io.fnjobs.cleanup.progress.Op;
import io.fnjobs.cleanup.progress.OpBatch;
import io.fnjobs.cleanup.progress.Position;
import io.fnjobs.cleanup.progress.Rule;
import io.fnjobs.cleanup.storage.KeyOrder;
import io.fnjobs.cleanup.storage.Listing;
import io.fnjobs.cleanup.storage.SuffixOrder;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.layout.JobNames;
import io.fnjobs.common.layout.OutputLayout;
import io.fnjobs.common.layout.StateLayout;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The originals under the upload prefix, with their thumbnails ({@link OutputLayout#thumbnail} in the
 * thumbnails bucket) and thumbnail flags ({@code thumbnail/<original key>.json} in the state bucket), in
 * one walk that merges the listings of all three, so that nothing is looked up one object at a time:
 *
 * <ul>
 *   <li>an original older than the upload retention goes, with the thumbnails and the flag it has;
 *   <li>a thumbnail whose original is not there goes (orphan);
 *   <li>an original older than CLEANUP_REPAIR_AFTER whose flag is missing, failed, pending that long or
 *       running past its deadline (then set failed) is handed back to the thumbnail trigger: its receipt
 *       goes, so the blob trigger's sweep takes it again. A rejected original stays as it is (its input
 *       was refused for good).
 * </ul>
 *
 * <p>The walk goes in the order of {@code <original key>.json}, the order the flags list in; the other
 * listings are brought into it by {@link SuffixOrder}. Positions are original keys in that order.
 */
final class UploadsPhase implements Phase {

  private static final String SUFFIX = ".json";
  // keeps the position moving (and checkpointed) through long stretches with nothing to do
  private static final int UNITS_PER_BATCH = 5_000;

  private enum Source { upload, flag, thumbnail }

  private record Entry(Source source, String original, S3Object object) {}

  /** An original key with what each listing has for it. */
  private record Unit(String original, S3Object upload, S3Object flag, List<S3Object> thumbnails) {}

  private final Scope scope;
  private final RunningFlags flags;

  UploadsPhase(Scope scope) {
    this.scope = scope;
    this.flags = new RunningFlags(scope);
  }

  @Override
  public String name() {
    return "uploads";
  }

  @Override
  public boolean walk(Position from, BatchSink sink) {
    Merge units = new Merge(cursors(from.marker()));
    OpBatch batch = new OpBatch(scope.settings().batchSize());
    List<Unit> toRead = new ArrayList<>();
    int decided = 0;
    String last = null;
    while (units.hasNext()) {
      Unit unit = units.next();
      decide(unit, batch, toRead);
      last = unit.original();
      decided++;
      // flags to read count as changes: a repair per read at most
      if (batch.full() || toRead.size() >= scope.settings().batchSize() || decided >= UNITS_PER_BATCH) {
        if (!sink.submit(withFlagsRead(batch.ops(), toRead, sink), from.at(last))) {
          return false;
        }
        batch.clear();
        toRead.clear();
        decided = 0;
      }
    }
    return decided == 0 || sink.submit(withFlagsRead(batch.ops(), toRead, sink), from.at(last));
  }

  private void decide(Unit unit, OpBatch batch, List<Unit> toRead) {
    S3Object upload = unit.upload();
    if (upload == null) {
      unit.thumbnails().forEach(thumbnail -> batch.add(delete(Rule.orphanThumbnails, scope.settings().thumbnailsBucket(), thumbnail)));
    } else if (scope.olderThan(upload.lastModified(), scope.settings().uploadRetention())) {
      batch.add(delete(Rule.expiredUploads, scope.settings().uploadsBucket(), upload));
      unit.thumbnails().forEach(thumbnail -> batch.add(delete(Rule.expiredUploadThumbnails, scope.settings().thumbnailsBucket(), thumbnail)));
      if (unit.flag() != null) {
        batch.add(delete(Rule.expiredUploadFlags, scope.settings().stateBucket(), unit.flag()));
      }
    } else if (scope.olderThan(upload.lastModified(), scope.settings().repairAfter())) {
      if (unit.flag() == null) {
        batch.add(repair(upload));
      } else {
        toRead.add(unit);
      }
    }
  }

  /** {@code ops}, plus the repairs that reading the flags of {@code toRead} calls for. */
  private List<Op> withFlagsRead(List<Op> ops, List<Unit> toRead, BatchSink sink) {
    List<Op> all = new ArrayList<>(ops);
    List<Optional<byte[]>> bytes = scope.reads().get(scope.settings().stateBucket(),
        toRead.stream().map(unit -> unit.flag().key()).toList());
    List<Unit> read = new ArrayList<>();
    List<StatusFlag> readFlags = new ArrayList<>();
    for (int i = 0; i < toRead.size(); i++) {
      Unit unit = toRead.get(i);
      if (bytes.get(i).isEmpty()) {
        all.add(repair(unit.upload()));
        continue;
      }
      flags.parse(bytes.get(i).get(), scope.settings().stateBucket() + "/" + unit.flag().key(), sink).ifPresent(flag -> {
        read.add(unit);
        readFlags.add(flag);
      });
    }
    List<Boolean> pastDeadline = flags.pastDeadline(readFlags);
    for (int i = 0; i < read.size(); i++) {
      StatusFlag flag = readFlags.get(i);
      if (pastDeadline.get(i)) {
        all.add(new Op(Op.Kind.failFlag, Rule.staleRunningFlags, scope.settings().stateBucket(), read.get(i).flag().key(), 0, null));
      }
      boolean stuck = flag.state() == FlagState.pending && scope.olderThan(flag.updatedAtInstant(), scope.settings().repairAfter());
      if (flag.state() == FlagState.failed || stuck || pastDeadline.get(i)) {
        all.add(repair(read.get(i).upload()));
      }
    }
    return all;
  }

  private Op repair(S3Object upload) {
    return new Op(Op.Kind.repair, Rule.repairedOriginals, scope.settings().uploadsBucket(), upload.key(), 0, upload.eTag());
  }

  private static Op delete(Rule rule, String bucket, S3Object object) {
    return Op.delete(rule, bucket, object.key(), object.size());
  }

  /** One cursor per listing, each in the walk's order and starting after {@code marker}. */
  private List<Iterator<Entry>> cursors(String marker) {
    String prefix = scope.settings().uploadPrefix();
    String restart = marker == null ? null : KeyOrder.restartAfter(marker, SUFFIX);
    String flagPrefix = StateLayout.flags(JobNames.THUMBNAIL);
    List<Iterator<Entry>> cursors = new ArrayList<>();
    cursors.add(reordered(scope.settings().uploadsBucket(), "", prefix, restart, Source.upload, marker));
    Stream<Entry> flagEntries = stream(new Listing(scope.s3(), scope.settings().stateBucket(), flagPrefix + prefix,
        marker == null ? null : flagPrefix + marker + SUFFIX))
        .filter(flag -> flag.key().endsWith(SUFFIX))
        .map(flag -> new Entry(Source.flag,
            flag.key().substring(flagPrefix.length(), flag.key().length() - SUFFIX.length()), flag));
    cursors.add(after(flagEntries, marker).iterator());
    for (String size : thumbnailSizes()) {
      cursors.add(reordered(scope.settings().thumbnailsBucket(), size, prefix, restart, Source.thumbnail, marker));
    }
    return cursors;
  }

  /** A listing of {@code folder + prefix} whose keys less {@code folder} are original keys, in the walk's order. */
  private Iterator<Entry> reordered(String bucket, String folder, String prefix, String restart, Source source, String marker) {
    Iterator<Entry> listed = stream(new Listing(scope.s3(), bucket, folder + prefix, restart == null ? null : folder + restart))
        .map(object -> new Entry(source, object.key().substring(folder.length()), object))
        .iterator();
    return after(stream(new SuffixOrder<>(listed, Entry::original, SUFFIX)), marker).iterator();
  }

  private static Stream<Entry> after(Stream<Entry> entries, String marker) {
    return marker == null ? entries : entries.filter(entry -> compare(entry.original(), marker) > 0);
  }

  private static int compare(String a, String b) {
    return KeyOrder.compare(a + SUFFIX, b + SUFFIX);
  }

  /** The folders of the thumbnails bucket: one per thumbnail size. */
  private List<String> thumbnailSizes() {
    return scope.s3().listObjectsV2Paginator(r -> r.bucket(scope.settings().thumbnailsBucket()).delimiter(OutputLayout.SIZE_DELIMITER))
        .commonPrefixes().stream().map(CommonPrefix::prefix).toList();
  }

  private static <T> Stream<T> stream(Iterator<T> iterator) {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED), false);
  }

  /** The units of all cursors, merged in the walk's order; entries with one original key make one unit. */
  private static final class Merge implements Iterator<Unit> {
    private final List<Iterator<Entry>> cursors;
    private final List<Entry> heads = new ArrayList<>();

    Merge(List<Iterator<Entry>> cursors) {
      this.cursors = cursors;
      cursors.forEach(cursor -> heads.add(cursor.hasNext() ? cursor.next() : null));
    }

    @Override
    public boolean hasNext() {
      return heads.stream().anyMatch(head -> head != null);
    }

    @Override
    public Unit next() {
      String original = heads.stream().filter(head -> head != null).map(Entry::original)
          .min(UploadsPhase::compare).orElseThrow();
      S3Object upload = null;
      S3Object flag = null;
      List<S3Object> thumbnails = new ArrayList<>();
      for (int i = 0; i < heads.size(); i++) {
        Entry head = heads.get(i);
        if (head != null && head.original().equals(original)) {
          switch (head.source()) {
            case upload -> upload = head.object();
            case flag -> flag = head.object();
            case thumbnail -> thumbnails.add(head.object());
          }
          heads.set(i, cursors.get(i).hasNext() ? cursors.get(i).next() : null);
        }
      }
      return new Unit(original, upload, flag, thumbnails);
    }
  }
}
