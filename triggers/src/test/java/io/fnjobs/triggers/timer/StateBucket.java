package io.fnjobs.triggers.timer;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/** The real embedded S3 server on a free loopback port, with the {@code state} bucket timers keep their state in. */
final class StateBucket implements AutoCloseable {

  private final EmbeddedS3 server;
  private final S3Client s3;
  private final ScheduleStore store;

  StateBucket(Path dataDir) {
    server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(dataDir).build());
    server.createBuckets(List.of("state"));
    s3 = StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"));
    store = new ObjectStoreScheduleStore(new S3ConditionalStore(s3, "state"));
  }

  ScheduleStore store() {
    return store;
  }

  S3Client s3() {
    return s3;
  }

  @Override
  public void close() {
    s3.close();
    server.close();
  }
}
