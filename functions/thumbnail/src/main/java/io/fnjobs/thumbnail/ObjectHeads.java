package io.fnjobs.thumbnail;

import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** An object's head, or none when it does not exist: a HEAD answers 404 without the NoSuchKey body. */
final class ObjectHeads {

  private ObjectHeads() {}

  static Optional<HeadObjectResponse> head(S3Client s3, String bucket, String key) {
    try {
      return Optional.of(s3.headObject(r -> r.bucket(bucket).key(key)));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }
}
