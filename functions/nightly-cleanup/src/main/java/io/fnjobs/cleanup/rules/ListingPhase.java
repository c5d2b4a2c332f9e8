package io.fnjobs.cleanup.rules;

import io.fnjobs.cleanup.progress.BatchSink;
import io.fnjobs.cleanup.progress.Op;
import io.fnjobs.cleanup.progress.Position;
import io.fnjobs.cleanup.storage.Listing;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A phase that lists one or more prefixes (its steps) page by page and decides on each page at once,
 * with at most one change per object.
 */
abstract class ListingPhase implements Phase {

  /** One prefix of one bucket to walk. */
  record Step(String bucket, String prefix) {}

  protected final Scope scope;

  ListingPhase(Scope scope) {
    this.scope = scope;
  }

  abstract List<Step> steps();

  /** The changes for one page of objects of {@code step}, in any order. */
  abstract List<Op> decide(Step step, List<S3Object> page, BatchSink sink);

  @Override
  public boolean walk(Position from, BatchSink sink) {
    List<Step> steps = steps();
    for (int index = from.step(); index < steps.size(); index++) {
      Step step = steps.get(index);
      Position position = new Position(name(), index, null);
      Listing listing = new Listing(scope.s3(), step.bucket(), step.prefix(), index == from.step() ? from.marker() : null);
      while (listing.hasNext()) {
        List<S3Object> page = new ArrayList<>(scope.settings().batchSize());
        while (listing.hasNext() && page.size() < scope.settings().batchSize()) {
          page.add(listing.next());
        }
        if (!sink.submit(decide(step, page, sink), position.at(page.get(page.size() - 1).key()))) {
          return false;
        }
      }
    }
    return true;
  }
}
