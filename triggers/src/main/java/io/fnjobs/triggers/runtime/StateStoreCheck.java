package io.fnjobs.triggers.runtime;

import io.fnjobs.common.store.S3ConditionalStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Refuses to start on a state store that would make exactly-once unsafe: one that ignores conditional
 * writes. A store not reachable yet is waited for, up to a limit.
 */
final class StateStoreCheck {

  static final String PROBE_KEY = "fnjobs/conditional-write-probe";

  private StateStoreCheck() {}

  /**
   * @throws io.fnjobs.common.store.ConditionalWritesUnsupportedException when the store ignores If-None-Match or If-Match
   * @throws IllegalStateException when the bucket cannot be reached within the wait
   */
  static void verify(S3Client s3, String bucket, StartupWait startup) {
    S3ConditionalStore store = new S3ConditionalStore(s3, bucket);
    startup.retry("state bucket " + bucket, SdkException.class, () -> {
      try {
        store.verifyConditionalWrites(PROBE_KEY);
      } catch (S3Exception e) {
        if (e.statusCode() != 404 && e.statusCode() < 500) {
          // credentials or request refused: waiting will not change that
          throw new IllegalStateException("the store refused the state bucket '" + bucket + "': "
              + e.getMessage() + " (check FNJOBS_S3_ACCESS_KEY / FNJOBS_S3_SECRET_KEY and the bucket policy)", e);
        }
        throw e;
      }
      return bucket;
    }, e -> new IllegalStateException("cannot use the state bucket '" + bucket + "' (" + e.getMessage()
        + ") within " + startup.limit() + ": create it, check FNJOBS_S3_ENDPOINT and the credentials,"
        + " or set FNJOBS_STATE_BUCKET", e));
  }
}
