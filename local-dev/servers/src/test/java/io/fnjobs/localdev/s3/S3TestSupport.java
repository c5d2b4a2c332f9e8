package io.fnjobs.localdev.s3;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/** Starts servers on free loopback ports and connects the client every fnjobs component uses. */
final class S3TestSupport {

  static final String BUCKET = "bucket";

  private S3TestSupport() {}

  static EmbeddedS3 start(Path dataDir, StoreEventSink sink) {
    EmbeddedS3 s3 = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(dataDir).notifications(sink).build());
    s3.createBuckets(List.of(BUCKET));
    return s3;
  }

  static S3Client client(URI uri) {
    return client(uri, "minioadmin");
  }

  static S3Client client(URI uri, String secretKey) {
    return builder(uri, secretKey).build();
  }

  /** A client that reports every failure as it is, for tests that count outcomes. */
  static S3Client clientWithoutRetries(URI uri) {
    return builder(uri, "minioadmin")
        .overrideConfiguration(o -> o.retryStrategy(retry -> retry.maxAttempts(1)))
        .build();
  }

  private static S3ClientBuilder builder(URI uri, String secretKey) {
    return S3Client.builder()
        .endpointOverride(uri)
        .forcePathStyle(true)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("minioadmin", secretKey)))
        .httpClient(UrlConnectionHttpClient.create());
  }

  /** Uploads a 5 MiB part of 'x' and a part "tail"; the object is 5 MiB + 4 bytes. */
  static void uploadInTwoParts(S3Client client, String key) {
    byte[] first = new byte[5 * 1024 * 1024];
    Arrays.fill(first, (byte) 'x');
    String upload = client.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
    String etag1 = client.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(upload).partNumber(1),
        RequestBody.fromBytes(first)).eTag();
    String etag2 = client.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(upload).partNumber(2),
        RequestBody.fromString("tail")).eTag();
    client.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(upload).multipartUpload(m -> m.parts(
        CompletedPart.builder().partNumber(1).eTag(etag1).build(),
        CompletedPart.builder().partNumber(2).eTag(etag2).build())));
  }

  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
