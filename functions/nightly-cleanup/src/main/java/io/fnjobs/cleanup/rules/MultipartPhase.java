package io.fnjobs.cleanup.rules;

import io.fnjobs.cleanup.progress.BatchSink;
import io.fnjobs.cleanup.progress.Op;
import io.fnjobs.cleanup.progress.Position;
import io.fnjobs.cleanup.progress.Rule;
import java.util.List;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;

/**
 * Multipart uploads started longer ago than CLEANUP_MULTIPART_MAX_AGE and never completed are aborted,
 * in every bucket fnjobs uses: their parts take space nobody can see. Each bucket is one step; a
 * resumed step lists its bucket again (aborted uploads are gone from the list).
 */
final class MultipartPhase implements Phase {

  private final Scope scope;

  MultipartPhase(Scope scope) {
    this.scope = scope;
  }

  @Override
  public String name() {
    return "multipart";
  }

  @Override
  public boolean walk(Position from, BatchSink sink) {
    List<String> buckets = List.of(scope.settings().uploadsBucket(), scope.settings().thumbnailsBucket(),
        scope.settings().ordersBucket(), scope.settings().stateBucket());
    for (int index = from.step(); index < buckets.size(); index++) {
      String bucket = buckets.get(index);
      String keyMarker = null;
      String uploadIdMarker = null;
      boolean more = true;
      while (more) {
        String keys = keyMarker;
        String ids = uploadIdMarker;
        ListMultipartUploadsResponse page = scope.s3().listMultipartUploads(r -> r.bucket(bucket)
            .maxUploads(scope.settings().batchSize()).keyMarker(keys).uploadIdMarker(ids));
        List<Op> aborts = page.uploads().stream()
            .filter(upload -> scope.olderThan(upload.initiated(), scope.settings().multipartMaxAge()))
            .map(upload -> new Op(Op.Kind.abort, Rule.abortedMultipartUploads, bucket, upload.key(), 0, upload.uploadId()))
            .toList();
        if (!sink.submit(aborts, new Position(name(), index, null))) {
          return false;
        }
        more = Boolean.TRUE.equals(page.isTruncated());
        keyMarker = page.nextKeyMarker();
        uploadIdMarker = page.nextUploadIdMarker();
      }
    }
    return true;
  }
}
