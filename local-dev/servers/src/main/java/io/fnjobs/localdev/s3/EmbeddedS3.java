package io.fnjobs.localdev.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * An S3-compatible server in this JVM: S3Proxy over a folder, one sub-folder per bucket, object
 * metadata in extended file attributes. Speaks path-style S3 with AWS signatures V2 and V4 for one
 * access key, like a single-user MinIO; writes of one key are serialised ({@link KeySerialisingStore})
 * and every change is reported to the options' {@link StoreEventSink}. Takes every key S3 takes (up to
 * 1024 bytes, with segments longer than a file name: {@link KeyMappingStore}). A write racing the
 * removal of the folder a DELETE emptied is answered as S3 would ({@link PrunedFolderStore}).
 */
public final class EmbeddedS3 implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedS3.class);

  /**
   * How long closing waits for requests in flight. Jetty also waits this long for clients' idle
   * keep-alive connections to go, and the JDK's HTTP client (which the SDK clients here use) keeps them
   * for 5 s: so every close would last this long. S3Proxy's default (30 s) would stall every restart.
   */
  private static final long STOP_WAIT_MILLIS = 500;

  private final S3Proxy proxy;
  private final BlobStore store;
  private final URI uri;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedS3(S3Proxy proxy, BlobStore store, URI uri) {
    this.proxy = proxy;
    this.store = store;
    this.uri = uri;
  }

  /**
   * Starts the server and returns once it accepts requests.
   *
   * @throws S3PortInUseException when another process holds the port
   * @throws UncheckedIOException when the data folder cannot be created
   */
  public static EmbeddedS3 start(S3ServerOptions options) {
    try {
      // the filesystem store refuses a folder that does not exist yet
      Files.createDirectories(options.dataDir());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the S3 data folder " + options.dataDir(), e);
    }
    BlobStore store =
        new KeySerialisingStore(
            new NotifyingStore(
                new KeyMappingStore(
                    new PrunedFolderStore(new FilesystemNio2BlobStore(options.dataDir().toString()))),
                options.notifications(),
                options.clock()));
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(store)
            .endpoint(URI.create("http://" + options.host() + ":" + options.port()))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, options.accessKey(), options.secretKey())
            .stopTimeout(STOP_WAIT_MILLIS)
            .build();
    BodyBeforeAnswer.install(proxy);
    try {
      proxy.start();
    } catch (Exception e) {
      stopQuietly(proxy);
      if (causedByBindFailure(e)) {
        throw new S3PortInUseException(options.host(), options.port(), e);
      }
      throw new IllegalStateException("the S3 server did not start: " + e.getMessage(), e);
    }
    URI uri = URI.create("http://" + options.host() + ":" + proxy.getPort());
    LOG.info("S3 API on {} (data in {})", uri, options.dataDir());
    return new EmbeddedS3(proxy, store, uri);
  }

  private static boolean causedByBindFailure(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /** Where the server listens, e.g. {@code http://127.0.0.1:9000}, with the real port if 0 was asked. */
  public URI uri() {
    return uri;
  }

  /** Creates the buckets that do not exist yet; existing ones and their objects are left as they are. */
  public void createBuckets(List<String> names) {
    for (String name : names) {
      if (store.containerExists(name)) {
        continue;
      }
      try {
        store.createContainer(name);
        LOG.info("created bucket {}", name);
      } catch (BucketAlreadyOwnedByYouException e) {
        // created by a client in the meantime: what was wanted
      }
    }
  }

  /** Stops listening, after the requests in flight (for up to half a second); the port is free again. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopQuietly(proxy);
    store.close();
    LOG.info("S3 API on {} stopped", uri);
  }

  private static void stopQuietly(S3Proxy proxy) {
    try {
      proxy.stop();
    } catch (TimeoutException e) {
      // Jetty has closed what was still open by then and stopped all the same
      LOG.debug("closed the S3 connections still open after {} ms", STOP_WAIT_MILLIS);
    } catch (Exception e) {
      LOG.warn("stopping the S3 server failed: {}", e.toString());
    }
  }
}
