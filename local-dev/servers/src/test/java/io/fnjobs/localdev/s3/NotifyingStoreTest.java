package io.fnjobs.localdev.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** The events of writes, over the real filesystem store. */
class NotifyingStoreTest {

  @TempDir Path dataDir;

  private final List<StoreEvent> events = new CopyOnWriteArrayList<>();

  @Test
  void putBlob_shouldReportWhatWasStoredWithoutReadingItBack_whenTheRequestSaysItAll() {
    CountingReads files = new CountingReads(new FilesystemNio2BlobStore(dataDir.toString()));
    files.createContainer("state");
    NotifyingStore store = new NotifyingStore(files, events::add, Clock.systemUTC());
    byte[] body = "{\"state\":\"succeeded\"}".getBytes(StandardCharsets.UTF_8);

    store.putBlob(PutObjectRequest.builder().bucket("state").key("orders/o-1.json").contentLength((long) body.length)
        .contentType("application/json").metadata(Map.of("job", "orders")).build(), new ByteArrayInputStream(body));

    assertThat(files.reads.get()).isZero();
    HeadObjectResponse stored = files.blobMetadata(
        HeadObjectRequest.builder().bucket("state").key("orders/o-1.json").build());
    assertThat(events).singleElement().satisfies(event -> {
      assertThat(event.etag()).isEqualTo(KeySerialisingStore.unquoted(stored.eTag()));
      assertThat(event.size()).isEqualTo(stored.contentLength()).isEqualTo(body.length);
      assertThat(event.contentType()).isEqualTo(stored.contentType()).isEqualTo("application/json");
      assertThat(event.userMetadata()).isEqualTo(stored.metadata()).isEqualTo(Map.of("job", "orders"));
    });
  }

  /** Counts metadata reads of the store below. */
  private static final class CountingReads extends ForwardingBlobStore {
    final AtomicInteger reads = new AtomicInteger();

    CountingReads(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
      reads.incrementAndGet();
      return super.blobMetadata(request);
    }
  }
}
