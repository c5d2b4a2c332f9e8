package io.fnjobs.cleanup.rules;

import io.fnjobs.cleanup.progress.BatchSink;
import io.fnjobs.cleanup.progress.Op;
import io.fnjobs.cleanup.progress.Rule;
import io.fnjobs.common.layout.StateLayout;
import java.util.List;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Receipts of every blob trigger older than the receipt retention go. */
final class ReceiptsPhase extends ListingPhase {

  ReceiptsPhase(Scope scope) {
    super(scope);
  }

  @Override
  public String name() {
    return "receipts";
  }

  @Override
  List<Step> steps() {
    return List.of(new Step(scope.settings().stateBucket(), StateLayout.RECEIPTS));
  }

  @Override
  List<Op> decide(Step step, List<S3Object> page, BatchSink sink) {
    return page.stream()
        .filter(receipt -> scope.olderThan(receipt.lastModified(), scope.settings().receiptRetention()))
        .map(receipt -> Op.delete(Rule.expiredReceipts, step.bucket(), receipt.key(), receipt.size()))
        .toList();
  }
}
