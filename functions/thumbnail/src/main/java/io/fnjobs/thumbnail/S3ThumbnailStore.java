package io.fnjobs.thumbnail;

import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.store.LostRacesException;
import io.fnjobs.common.store.PreconditionFailedException;
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
 * ({@code source-etag}, {@code source-modified}, {@code source-sequencer}). A write first creates the
 * thumbnail with {@code If-None-Match: *}: a new original's thumbnails, the common case, take one
 * request each. Where one is stored already, the write reads its head, gives way to a newer version,
 * and otherwise replaces it with {@code If-Match} on the ETag it read ({@code If-None-Match: *} where
 * it is gone again), so a version that lands between the read and the write is compared with in turn.
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
    if (created(key, version, thumbnail)) {
      return true;
    }
    // another version's thumbnail may land between the read and the write: the write then loses, and
    // the next attempt compares with that one
    return VersionedDocuments.retryingLostRaces(() -> putOverStored(key, version, thumbnail), RaceLimit.SHARED,
        () -> new LostRacesException("thumbnail", bucket, key, RaceLimit.SHARED.races()));
  }

  /** Writes the thumbnail where none is stored; false when one is, whatever its version. */
  private boolean created(String key, SourceVersion version, Thumbnail thumbnail) {
    try {
      write(key, version, thumbnail, Optional.empty());
      return true;
    } catch (PreconditionFailedException stored) {
      return false;
    }
  }

  /**
   * Writes the thumbnail unless the stored one is of a newer version.
   *
   * @throws PreconditionFailedException when the stored one changed since it was read
   */
  private boolean putOverStored(String key, SourceVersion version, Thumbnail thumbnail) {
    Optional<HeadObjectResponse> stored = ObjectHeads.head(s3, bucket, key);
    if (stored.isPresent() && version.order().compareWith(versionOf(stored.get())) < 0) {
      return false;
    }
    write(key, version, thumbnail, stored);
    return true;
  }

  /**
   * Writes over {@code read}, or where nothing is stored when it is empty.
   *
   * @throws PreconditionFailedException when the store holds something else
   */
  private void write(String key, SourceVersion version, Thumbnail thumbnail, Optional<HeadObjectResponse> read) {
    try {
      s3.putObject(r -> conditional(r.bucket(bucket).key(key).contentType(thumbnail.contentType())
          .metadata(metadata(version)), read), RequestBody.fromBytes(thumbnail.bytes()));
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
