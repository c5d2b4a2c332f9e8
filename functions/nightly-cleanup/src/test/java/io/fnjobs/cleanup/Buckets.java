package io.fnjobs.cleanup;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The real embedded S3 server on a free loopback port with the four buckets of fnjobs. The embedded
 * store takes an object's LastModified from its file's modification time, so {@link #age} makes an
 * object as old as a test needs without waiting for it.
 */
final class Buckets implements AutoCloseable {

  static final String UPLOADS = "uploads";
  static final String THUMBNAILS = "thumbnails";
  static final String ORDERS = "orders";
  static final String STATE = "state";

  private final Path dataDir;
  private final EmbeddedS3 server;
  private final S3Client s3;

  Buckets(Path dataDir) {
    this.dataDir = dataDir;
    server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(dataDir).build());
    server.createBuckets(List.of(UPLOADS, THUMBNAILS, ORDERS, STATE));
    s3 = StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"));
  }

  S3Client s3() {
    return s3;
  }

  URI uri() {
    return server.uri();
  }

  /** Writes the object, last modified at {@code at}. */
  String put(String bucket, String key, String body, Instant at) {
    String etag = s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString(body)).eTag();
    age(bucket, key, at);
    return etag;
  }

  void age(String bucket, String key, Instant at) {
    try {
      Files.setLastModifiedTime(dataDir.resolve(bucket).resolve(key), FileTime.from(at));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  boolean exists(String bucket, String key) {
    return s3.listObjectsV2(r -> r.bucket(bucket).prefix(key)).contents().stream().anyMatch(o -> o.key().equals(key));
  }

  String read(String bucket, String key) {
    return s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asString(StandardCharsets.UTF_8);
  }

  List<String> keys(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents().stream().map(S3Object::key).forEach(keys::add);
    return keys;
  }

  /** Removes every object, between tests. */
  void empty() {
    for (String bucket : List.of(UPLOADS, THUMBNAILS, ORDERS, STATE)) {
      for (String key : keys(bucket, "")) {
        s3.deleteObject(r -> r.bucket(bucket).key(key));
      }
      s3.listMultipartUploads(r -> r.bucket(bucket)).uploads().forEach(upload ->
          s3.abortMultipartUpload(r -> r.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())));
    }
  }

  @Override
  public void close() {
    s3.close();
    server.close();
  }
}
