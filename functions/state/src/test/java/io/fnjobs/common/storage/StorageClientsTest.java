package io.fnjobs.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;

class StorageClientsTest {

  @TempDir Path dataDir;

  /** The requests as they went on the wire, signed. */
  private final List<SdkHttpRequest> sent = new CopyOnWriteArrayList<>();

  private final ExecutionInterceptor recorder = new ExecutionInterceptor() {
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
      sent.add(context.httpRequest());
    }
  };

  @Test
  void putObject_shouldSendAPlainBodyCoveredByTheSignature_whenTheOperationRequiresNoChecksum() throws Exception {
    String body = "{\"state\":\"succeeded\"}";
    try (StoreFixture store = new StoreFixture(dataDir, List.of(recorder))) {
      store.s3().putObject(r -> r.bucket(StoreFixture.BUCKET).key("orders/o-1.json"), RequestBody.fromString(body));

      assertThat(store.s3().getObjectAsBytes(r -> r.bucket(StoreFixture.BUCKET).key("orders/o-1.json")).asUtf8String())
          .isEqualTo(body);
    }

    SdkHttpRequest put = sent.get(0);
    assertThat(put.method().name()).isEqualTo("PUT");
    // no aws-chunked body with a CRC32 trailer for the store to decode
    assertThat(put.firstMatchingHeader("Content-Encoding")).isEmpty();
    assertThat(put.headers().keySet()).noneMatch(name -> name.toLowerCase().startsWith("x-amz-checksum")
        || name.equalsIgnoreCase("x-amz-sdk-checksum-algorithm") || name.equalsIgnoreCase("x-amz-trailer"));
    // over plain HTTP the signature covers the body itself
    String sha256 = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    assertThat(put.firstMatchingHeader("x-amz-content-sha256")).contains(sha256);
  }
}
