package io.fnjobs.triggers.blob;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The real embedded S3 server on a free loopback port, with an {@code uploads} and a {@code state} bucket. */
final class StateStore implements AutoCloseable {

  static final String STATE = "state";
  static final String UPLOADS = "uploads";

  private final Path dataDir;
  private final EmbeddedS3 server;
  private final S3Client s3;

  StateStore(Path dataDir) {
    this.dataDir = dataDir;
    server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(dataDir).build());
    server.createBuckets(List.of(UPLOADS, STATE));
    s3 = StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"));
  }

  S3Client s3() {
    return s3;
  }

  java.net.URI uri() {
    return server.uri();
  }

  /** Puts an object into the uploads bucket; answers its ETag without quotes. */
  String upload(String key, String content) {
    return ObjectChange.unquote(s3.putObject(r -> r.bucket(UPLOADS).key(key), RequestBody.fromString(content)).eTag());
  }

  /**
   * Dates an upload: the embedded store takes an object's Last-Modified from its file's modification
   * time, so a test sets how far apart two uploads were without waiting for it.
   */
  void age(String key, Instant lastModified) {
    try {
      Files.setLastModifiedTime(dataDir.resolve(UPLOADS).resolve(key), FileTime.from(lastModified));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    s3.close();
    server.close();
  }
}
