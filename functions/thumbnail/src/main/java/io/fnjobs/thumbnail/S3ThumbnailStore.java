package io.fnjobs.thumbnail;

import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.store.LostRacesException;
import io.fnjobs.common.store.RaceLimit;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.common.store.VersionedDocuments;
import io.fnjobs.thumbnail.image.Thumbnail;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * {@link ThumbnailStore} on an S3 bucket. Each thumbnail carries its version in its metadata
 * ({@code source-etag}, {@code source-modified}, {@code source-sequencer}); a write reads the stored
 * thumbnail's head, gives way to a newer version, and otherwise replaces it with {@code If-Match} on
 * the ETag it read ({@code If-None-Match: *} where there was none), so a version that lands between the
 * read and the write is compared with in turn.
 */
public final class S3ThumbnailStore implements ThumbnailStore {

  static final String SOURCE_ETAG = "source-etag";
  static final String SOURCE_MODIFIED = "source-modified";
  static final String SOURCE_SEQUENCER = "source-sequencer";

  private final S3Client s3;
  private final String bucket;

  public S3ThumbnailStore(S3Client s3, String bucket) {
    this.s3 = s3;
    this.bucket = bucket;
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public boolean put(String key, SourceVersion version, Thumbnail thumbnail) {
    // another version's thumbnail may land between the read and the write: the write then loses, and
    // the next attempt compares with that one
    return VersionedDocuments.retryingLostRaces(() -> putOverStored(key, version, thumbnail), RaceLimit.SHARED,
        () -> new LostRacesException("thumbnail", bucket, key, RaceLimit.SHARED.races()));
  }

  /**
   * Writes the thumbnail unless the stored one is of a newer version.
   *
   * @throws io.fnjobs.common.store.PreconditionFailedException when the stored one changed since it was read
   */
  private boolean putOverStored(String key, SourceVersion version, Thumbnail thumbnail) {
    Optional<HeadObjectResponse> stored = ObjectHeads.head(s3, bucket, key);
    if (stored.isPresent() && version.order().compareWith(versionOf(stored.get())) < 0) {
      return false;
    }
    try {
      s3.putObject(r -> conditional(r.bucket(bucket).key(key).contentType(thumbnail.contentType())
          .metadata(metadata(version)), stored), RequestBody.fromBytes(thumbnail.bytes()));
      return true;
    } catch (S3Exception e) {
      throw S3ConditionalStore.failureOfConditionalWrite(bucket, key, e);
    }
  }

  @Override
  public void delete(String key) {
    s3.deleteObject(r -> r.bucket(bucket).key(key));
  }

  /** The version a stored thumbnail was made of; none known (written before versions were kept) orders nothing. */
  static EventOrder versionOf(HeadObjectResponse head) {
    Map<String, String> metadata = head.metadata();
    return new EventOrder(null, metadata.get(SOURCE_MODIFIED), metadata.get(SOURCE_SEQUENCER));
  }

  private static Map<String, String> metadata(SourceVersion version) {
    Map<String, String> metadata = new HashMap<>();
    metadata.put(SOURCE_ETAG, version.etag());
    if (version.order().time() != null) {
      metadata.put(SOURCE_MODIFIED, version.order().time());
    }
    if (version.order().sequencer() != null) {
      metadata.put(SOURCE_SEQUENCER, version.order().sequencer());
    }
    return metadata;
  }

  private static PutObjectRequest.Builder conditional(PutObjectRequest.Builder put, Optional<HeadObjectResponse> read) {
    return read.isPresent() ? put.ifMatch(read.get().eTag()) : put.ifNoneMatch("*");
  }
}
