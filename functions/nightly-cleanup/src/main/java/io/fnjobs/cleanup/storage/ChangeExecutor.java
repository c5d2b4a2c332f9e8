package io.fnjobs.cleanup.storage;

import io.fnjobs.cleanup.progress.Op;
import io.fnjobs.cleanup.progress.Problem;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.ETags;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;

/**
 * Does a batch of {@link Op}s so that doing it twice has the effect of doing it once: archive copies
 * first, then aborts, flag changes, then every delete, grouped per bucket into requests of at most
 * 1000 keys, sent at once. An op that fails is reported and returned; the rest of the batch goes on. A
 * delete request that fails as a whole fails the batch: it is redone from the checkpoint.
 */
public final class ChangeExecutor {

  /** S3 takes at most this many keys in one delete request. */
  static final int MAX_KEYS_PER_DELETE = 1000;

  private final S3Client s3;
  private final StatusFlags flags;
  private final String stateBucket;
  private final String thumbnailTrigger;
  private final Clock clock;
  private final Executor pool;

  /** Sends the delete requests of a batch at once, on {@code pool}. */
  public ChangeExecutor(S3Client s3, StatusFlags flags, String stateBucket, String thumbnailTrigger, Clock clock,
      Executor pool) {
    this.s3 = s3;
    this.flags = flags;
    this.stateBucket = stateBucket;
    this.thumbnailTrigger = thumbnailTrigger;
    this.clock = clock;
    this.pool = pool;
  }

  /** Does the batch; returns the ops that failed, each reported to {@code problems}. */
  public Set<Op> execute(List<Op> batch, Consumer<Problem> problems) {
    Set<Op> failed = new HashSet<>();
    Map<String, Map<String, List<Op>>> deletes = new LinkedHashMap<>();
    for (Op op : batch) {
      try {
        switch (op.kind()) {
          case delete -> deleteLater(deletes, op.bucket(), op.key(), op);
          case archive -> archive(op).ifPresent(source -> deleteLater(deletes, op.bucket(), source, op));
          case abort -> abort(op);
          case failFlag -> failFlag(op);
          case repair -> receiptsOf(op).forEach(receipt -> deleteLater(deletes, stateBucket, receipt, op));
        }
      } catch (RuntimeException e) {
        failed.add(op);
        problems.accept(new Problem(op.rule().name(), op.bucket() + "/" + op.key(), String.valueOf(e.getMessage())));
      }
    }
    deleteAll(deletes, failed, problems);
    return failed;
  }

  private static void deleteLater(Map<String, Map<String, List<Op>>> deletes, String bucket, String key, Op op) {
    deletes.computeIfAbsent(bucket, any -> new LinkedHashMap<>()).computeIfAbsent(key, any -> new ArrayList<>()).add(op);
  }

  /** Copies to the archive key; the source to delete afterwards, if there still is one. */
  private Optional<String> archive(Op op) {
    try {
      s3.copyObject(r -> r.sourceBucket(op.bucket()).sourceKey(op.key()).destinationBucket(op.bucket())
          .destinationKey(op.target()));
      return Optional.of(op.key());
    } catch (NoSuchKeyException sourceGone) {
      // done before a crash: the archived copy must be there
      s3.headObject(r -> r.bucket(op.bucket()).key(op.target()));
      return Optional.empty();
    }
  }

  private void abort(Op op) {
    try {
      s3.abortMultipartUpload(r -> r.bucket(op.bucket()).key(op.key()).uploadId(op.target()));
    } catch (NoSuchUploadException abortedAlready) {
      // done before a crash
    }
  }

  /**
   * Moves a running flag to failed, for the same event (its key and order); a flag that moved on meanwhile
   * stays as it is.
   */
  private void failFlag(Op op) {
    String job = op.key().substring(0, op.key().indexOf('/'));
    String subject = op.key().substring(job.length() + 1, op.key().length() - ".json".length());
    flags.get(job, subject).filter(flag -> flag.state() == FlagState.running).ifPresent(flag ->
        flags.write(new StatusFlag(job, subject, FlagState.failed, flag.attempt(), flag.idempotencyKey(),
            flag.eventOrder(), clock.instant().toString(), null, new FlagError("deadline-passed",
                "still running after its deadline: the invocation ended without finishing; set failed by the nightly cleanup"))));
  }

  /**
   * The receipt keys of the original's current version. The blob trigger names a version by its ETag;
   * listings give it in quotes and webhooks without, so both spellings go.
   */
  private List<String> receiptsOf(Op op) {
    return List.of(StateLayout.receipt(thumbnailTrigger, op.bucket(), op.key(), ETags.bare(op.target())),
        StateLayout.receipt(thumbnailTrigger, op.bucket(), op.key(), ETags.quoted(op.target())));
  }

  /** Every bucket's deletes, in requests of at most 1000 keys, sent at once; then their errors, in order. */
  private void deleteAll(Map<String, Map<String, List<Op>>> deletes, Set<Op> failed, Consumer<Problem> problems) {
    List<CompletableFuture<DeleteObjectsResponse>> requests = new ArrayList<>();
    List<String> buckets = new ArrayList<>();
    deletes.forEach((bucket, keys) -> {
      List<String> all = new ArrayList<>(keys.keySet());
      for (int from = 0; from < all.size(); from += MAX_KEYS_PER_DELETE) {
        List<ObjectIdentifier> chunk = all.subList(from, Math.min(all.size(), from + MAX_KEYS_PER_DELETE)).stream()
            .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
        requests.add(CompletableFuture.supplyAsync(
            () -> s3.deleteObjects(r -> r.bucket(bucket).delete(d -> d.objects(chunk).quiet(true))), pool));
        buckets.add(bucket);
      }
    });
    for (int i = 0; i < requests.size(); i++) {
      String bucket = buckets.get(i);
      DeleteObjectsResponse response;
      try {
        response = requests.get(i).join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
      for (S3Error error : response.errors()) {
        for (Op op : deletes.get(bucket).getOrDefault(error.key(), List.of())) {
          if (failed.add(op)) {
            problems.accept(new Problem(op.rule().name(), bucket + "/" + error.key(), error.code() + ": " + error.message()));
          }
        }
      }
    }
  }
}
