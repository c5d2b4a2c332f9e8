package io.fnjobs.triggers.runs;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.StateLayout;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link RunLog} in the state bucket, one object per run at
 * {@code runs/<trigger>/<inverted start millis>-<random>.json}: S3 lists keys in ascending order, so the
 * inverted time lists the newest first and "recent" reads only {@code limit} keys.
 */
public final class ObjectStoreRunLog implements RunLog {

  private static final String PREFIX = StateLayout.RUNS;
  private static final long INVERT = 9_999_999_999_999L;

  private final S3Client s3;
  private final String bucket;
  private final Clock clock;

  public ObjectStoreRunLog(S3Client s3, String bucket, Clock clock) {
    this.s3 = s3;
    this.bucket = bucket;
    this.clock = clock;
  }

  @Override
  public void record(RunRecord run) {
    long started = run.startedAt() == null ? clock.millis() : Instant.parse(run.startedAt()).toEpochMilli();
    String key = PREFIX + run.trigger() + "/" + String.format("%013d", INVERT - started) + "-" + UUID.randomUUID() + ".json";
    s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(Json.write(run)));
  }

  @Override
  public List<RunRecord> recent(String trigger, int limit) {
    List<S3Object> newest = s3.listObjectsV2(r -> r.bucket(bucket).prefix(PREFIX + trigger + "/").maxKeys(limit)).contents();
    return newest.stream().map(object -> read(object.key())).flatMap(Optional::stream).toList();
  }

  /** A record listed a moment ago; none when it is gone meanwhile (cleaned up, or listed mid-write). */
  private Optional<RunRecord> read(String key) {
    try {
      return Optional.of(Json.read(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray(), RunRecord.class,
          bucket + "/" + key));
    } catch (NoSuchKeyException gone) {
      return Optional.empty();
    }
  }
}
