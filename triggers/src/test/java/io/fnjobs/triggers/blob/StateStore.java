package io.fnjobs.triggers.blob;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.ETags;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.AbstractNio2BlobStore;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;

/**
 * The real embedded S3 server on a free loopback port, with an {@code uploads} and a {@code state}
 * bucket; or, {@link #versioned}, an {@code uploads} bucket that keeps versions on a server of its own.
 */
final class StateStore implements AutoCloseable {

  static final String STATE = "state";
  static final String UPLOADS = "uploads";

  private final Path dataDir;
  private final EmbeddedS3 server;
  private final S3Client state;
  private final AutoCloseable uploadsServer;
  private final S3Client s3;

  StateStore(Path dataDir) {
    this(dataDir, null, null);
  }

  private StateStore(Path dataDir, AutoCloseable uploadsServer, URI uploads) {
    this.dataDir = dataDir;
    server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(dataDir.resolve("embedded")).build());
    server.createBuckets(List.of(UPLOADS, STATE));
    state = StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"));
    this.uploadsServer = uploadsServer;
    s3 = uploads == null ? state : StorageClients.s3(EndpointSettings.local(uploads, "minioadmin", "minioadmin"));
  }

  /**
   * An {@code uploads} bucket that keeps versions, as on AWS or MinIO with versioning enabled, and the
   * {@code state} bucket on the embedded store. The embedded store does not switch versioning on; S3Proxy's
   * filesystem store has it, behind its {@code supportsVersioning()}, which this turns on: the same
   * server software. S3Proxy takes conditional writes only on a store it recognises by its class, which
   * this one is not: so the state bucket, which needs them, stays on the embedded store.
   */
  static StateStore versioned(Path dataDir) {
    Path uploads = dataDir.resolve("versioned");
    try {
      Files.createDirectories(uploads);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(new AbstractNio2BlobStore(uploads) {
          @Override
          public boolean supportsVersioning() {
            return true;
          }
        })
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "minioadmin", "minioadmin")
        .stopTimeout(500)
        .build();
    try {
      proxy.start();
    } catch (Exception e) {
      throw new IllegalStateException("S3Proxy did not start", e);
    }
    AutoCloseable stop = () -> {
      try {
        proxy.stop();
      } catch (TimeoutException e) {
        // Jetty closed the connections still open and stopped all the same
      }
    };
    StateStore store = new StateStore(dataDir, stop, URI.create("http://127.0.0.1:" + proxy.getPort()));
    store.s3.createBucket(r -> r.bucket(UPLOADS));
    store.s3.putBucketVersioning(r -> r.bucket(UPLOADS)
        .versioningConfiguration(c -> c.status(BucketVersioningStatus.ENABLED)));
    return store;
  }

  S3Client s3() {
    return s3;
  }

  /** The client of the {@code state} bucket; the same as {@link #s3} unless the uploads are {@link #versioned}. */
  S3Client state() {
    return state;
  }

  /** The embedded store's address. */
  URI uri() {
    return server.uri();
  }

  /** Puts an object into the uploads bucket; answers its ETag without quotes. */
  String upload(String key, String content) {
    return ETags.bare(s3.putObject(r -> r.bucket(UPLOADS).key(key), RequestBody.fromString(content)).eTag());
  }

  /**
   * Dates an upload: the embedded store takes an object's Last-Modified from its file's modification
   * time, so a test sets how far apart two uploads were without waiting for it.
   */
  void age(String key, Instant lastModified) {
    try {
      Files.setLastModifiedTime(dataDir.resolve("embedded").resolve(UPLOADS).resolve(key), FileTime.from(lastModified));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    state.close();
    server.close();
    if (uploadsServer != null) {
      s3.close();
      try {
        uploadsServer.close();
      } catch (Exception e) {
        throw new IllegalStateException("stopping the versioned S3 server failed", e);
      }
    }
  }
}
