package io.fnjobs.common;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.S3Client;

/** The real embedded S3 server on a free loopback port, with a {@code state} bucket. */
public final class StoreFixture implements AutoCloseable {

  public static final String BUCKET = "state";

  private final EmbeddedS3 server;
  private final S3Client s3;

  public StoreFixture(Path dataDir) {
    this(dataDir, List.of());
  }

  /** With interceptors on the client, e.g. a {@link io.fnjobs.common.storage.RequestTally}. */
  public StoreFixture(Path dataDir, List<ExecutionInterceptor> interceptors) {
    server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(dataDir).build());
    server.createBuckets(List.of(BUCKET));
    s3 = StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"), interceptors);
  }

  public S3Client s3() {
    return s3;
  }

  public java.net.URI uri() {
    return server.uri();
  }

  public S3ConditionalStore store() {
    return new S3ConditionalStore(s3, BUCKET);
  }

  @Override
  public void close() {
    s3.close();
    server.close();
  }
}
