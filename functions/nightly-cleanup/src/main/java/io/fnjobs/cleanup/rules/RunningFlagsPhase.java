package io.fnjobs.cleanup.rules;

import io.fnjobs.cleanup.progress.BatchSink;
import io.fnjobs.cleanup.progress.Op;
import io.fnjobs.cleanup.progress.Rule;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.layout.StateLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Flags of the jobs in CLEANUP_FLAG_JOBS still {@code running} past their deadline become
 * {@code failed}: the invocation ended without saying how. (Thumbnail flags are looked at with their
 * originals, in the uploads phase.)
 */
final class RunningFlagsPhase extends ListingPhase {

  private final RunningFlags flags;

  RunningFlagsPhase(Scope scope) {
    super(scope);
    this.flags = new RunningFlags(scope);
  }

  @Override
  public String name() {
    return "flags";
  }

  @Override
  List<Step> steps() {
    return scope.settings().flagJobs().stream().map(job -> new Step(scope.settings().stateBucket(), StateLayout.flags(job))).toList();
  }

  @Override
  List<Op> decide(Step step, List<S3Object> page, BatchSink sink) {
    List<S3Object> objects = page.stream().filter(object -> object.key().endsWith(".json")).toList();
    List<Optional<byte[]>> bytes = scope.reads().get(step.bucket(), objects.stream().map(S3Object::key).toList());
    List<String> keys = new ArrayList<>();
    List<StatusFlag> read = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      String key = objects.get(i).key();
      bytes.get(i).flatMap(flag -> flags.parse(flag, step.bucket() + "/" + key, sink)).ifPresent(flag -> {
        keys.add(key);
        read.add(flag);
      });
    }
    List<Boolean> past = flags.pastDeadline(read);
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < read.size(); i++) {
      if (past.get(i)) {
        ops.add(new Op(Op.Kind.failFlag, Rule.staleRunningFlags, step.bucket(), keys.get(i), 0, null));
      }
    }
    return ops;
  }
}
