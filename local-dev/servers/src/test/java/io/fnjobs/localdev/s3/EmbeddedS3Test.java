package io.fnjobs.localdev.s3;

import static io.fnjobs.localdev.s3.S3TestSupport.BUCKET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

class EmbeddedS3Test {

  static final List<String> KEYS =
      List.of("plain.txt", "dir/with space.txt", "unicodé/ключ/日本.txt", "a+b.txt", "100%.txt", "odd*~'!().txt");

  @TempDir Path dataDir;

  @Test
  void putGetListDelete_shouldRoundTripEveryKey_whenKeysHaveSpacesUnicodePlusAndPercent() {
    try (EmbeddedS3 s3 = S3TestSupport.start(dataDir, StoreEventSink.NONE); S3Client client = S3TestSupport.client(s3.uri())) {
      for (String key : KEYS) {
        client.putObject(b -> b.bucket(BUCKET).key(key).contentType("text/plain").metadata(Map.of("owner", "me")),
            RequestBody.fromString("body of " + key));
      }

      for (String key : KEYS) {
        assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String()).isEqualTo("body of " + key);
      }
      assertThat(client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key))
          .containsExactlyInAnyOrderElementsOf(KEYS);
      assertThat(client.listObjectsV2(b -> b.bucket(BUCKET).prefix("unicodé/")).contents())
          .extracting(S3Object::key).containsExactly("unicodé/ключ/日本.txt");
      assertThat(client.headObject(b -> b.bucket(BUCKET).key("a+b.txt")).metadata()).containsEntry("owner", "me");

      client.deleteObject(b -> b.bucket(BUCKET).key("100%.txt"));
      DeleteObjectsResponse deleted = client.deleteObjects(b -> b.bucket(BUCKET).delete(d -> d.objects(
          ObjectIdentifier.builder().key("a+b.txt").build(), ObjectIdentifier.builder().key("dir/with space.txt").build())));

      assertThat(deleted.deleted()).hasSize(2);
      assertThatThrownBy(() -> client.getObjectAsBytes(b -> b.bucket(BUCKET).key("100%.txt")))
          .isInstanceOf(NoSuchKeyException.class);
      assertThat(client.listObjectsV2(b -> b.bucket(BUCKET)).contents()).hasSize(KEYS.size() - 3);
    }
  }

  @Test
  void completeMultipartUpload_shouldAssembleTheParts_whenPartsAreUploaded() {
    try (EmbeddedS3 s3 = S3TestSupport.start(dataDir, StoreEventSink.NONE); S3Client client = S3TestSupport.client(s3.uri())) {
      S3TestSupport.uploadInTwoParts(client, "big file+1.bin");

      assertThat(client.headObject(b -> b.bucket(BUCKET).key("big file+1.bin")).contentLength())
          .isEqualTo(5 * 1024 * 1024 + 4L);
      assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("big file+1.bin").range("bytes=-5")).asUtf8String())
          .isEqualTo("xtail");
      assertThat(client.listObjectsV2(b -> b.bucket(BUCKET)).contents()).extracting(S3Object::key)
          .containsExactly("big file+1.bin");
    }
  }

  @Test
  void start_shouldServeEarlierObjects_whenStartedAgainOnTheSameDataDir() {
    try (EmbeddedS3 s3 = S3TestSupport.start(dataDir, StoreEventSink.NONE); S3Client client = S3TestSupport.client(s3.uri())) {
      client.putObject(b -> b.bucket(BUCKET).key("unicodé/日本.txt").contentType("text/plain"), RequestBody.fromString("kept"));
    }

    try (EmbeddedS3 s3 = S3TestSupport.start(dataDir, StoreEventSink.NONE); S3Client client = S3TestSupport.client(s3.uri())) {
      assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("unicodé/日本.txt")).asUtf8String()).isEqualTo("kept");
      assertThat(client.headObject(b -> b.bucket(BUCKET).key("unicodé/日本.txt")).contentType()).isEqualTo("text/plain");
    }
  }

  @Test
  void createBuckets_shouldKeepExistingBucketsAndObjects_whenCalledAgain() {
    try (EmbeddedS3 s3 = S3TestSupport.start(dataDir, StoreEventSink.NONE); S3Client client = S3TestSupport.client(s3.uri())) {
      client.putObject(b -> b.bucket(BUCKET).key("k"), RequestBody.fromString("v"));

      s3.createBuckets(List.of(BUCKET, "state"));
      s3.createBuckets(List.of(BUCKET, "state"));

      assertThat(client.listBuckets().buckets()).extracting(b -> b.name()).containsExactlyInAnyOrder(BUCKET, "state");
      assertThat(client.getObjectAsBytes(b -> b.bucket(BUCKET).key("k")).asUtf8String()).isEqualTo("v");
    }
  }

  @Test
  void request_shouldBeRefused_whenSignedWithAnotherSecret() {
    try (EmbeddedS3 s3 = S3TestSupport.start(dataDir, StoreEventSink.NONE);
        S3Client client = S3TestSupport.client(s3.uri(), "not-the-secret")) {
      assertThatThrownBy(client::listBuckets).isInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    }
  }

  @Test
  void close_shouldFreeThePort() {
    EmbeddedS3 s3 = S3TestSupport.start(dataDir, StoreEventSink.NONE);
    int port = s3.uri().getPort();
    assertThat(S3TestSupport.isFree(port)).isFalse();

    s3.close();

    assertThat(S3TestSupport.isFree(port)).isTrue();
  }

  @Test
  void start_shouldNameThePortAndTheSetting_whenThePortIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> EmbeddedS3.start(S3ServerOptions.builder().port(port).dataDir(dataDir).build()))
          .isInstanceOf(S3PortInUseException.class)
          .hasMessageContaining("127.0.0.1:" + port)
          .hasMessageContaining("--s3-port");
    }
  }

  @Test
  void uri_shouldTellTheRealPort_whenPortZeroWasAsked() {
    try (EmbeddedS3 s3 = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(dataDir).build())) {
      assertThat(s3.uri().getHost()).isEqualTo("127.0.0.1");
      assertThat(s3.uri().getPort()).isPositive();
      assertThat(S3TestSupport.isFree(s3.uri().getPort())).isFalse();
    }
  }
}
