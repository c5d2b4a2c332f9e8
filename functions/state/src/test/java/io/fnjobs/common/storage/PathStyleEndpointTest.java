package io.fnjobs.common.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;

class PathStyleEndpointTest {

  private static final List<String> ADDRESSES = List.of("http://127.0.0.1:9000", "http://127.0.0.1:9000/",
      "http://localhost:4566/base", "https://minio.example.com/base/", "https://minio.example.com");
  private static final List<String> BUCKETS = Arrays.asList("state", "my.bucket", "a-b-1", "uploads", null);

  @Test
  void resolveEndpoint_shouldAnswerTheUrlOfTheSdkRules_whenAddressingByPath() {
    S3EndpointProvider rules = S3EndpointProvider.defaultProvider();
    List<String> compared = new ArrayList<>();
    for (String address : ADDRESSES) {
      PathStyleEndpoint fixed = new PathStyleEndpoint(URI.create(address));
      for (String bucket : BUCKETS) {
        for (String key : Arrays.asList("orders/o-1.json", "a+b %/ü.json", null)) {
          S3EndpointParams params = S3EndpointParams.builder().region(Region.US_EAST_1).endpoint(address)
              .forcePathStyle(true).useGlobalEndpoint(false).bucket(bucket).key(key).build();

          URI expected = rules.resolveEndpoint(params).join().url();

          assertThat(fixed.resolveEndpoint(params).join().url()).as("%s, bucket %s, key %s", address, bucket, key)
              .isEqualTo(expected);
          compared.add(expected.toString());
        }
      }
    }
    // the bucket is the first path segment after the address's path; the key is never in the endpoint
    assertThat(compared).contains("http://127.0.0.1:9000/state", "http://localhost:4566/base/my.bucket",
        "https://minio.example.com/base/uploads", "http://127.0.0.1:9000").noneMatch(url -> url.contains("orders/"));
  }

  @Test
  void resolveEndpoint_shouldAnswerTheSameEndpoint_whenTheBucketRepeats() {
    PathStyleEndpoint fixed = new PathStyleEndpoint(URI.create("http://127.0.0.1:9000"));
    S3EndpointParams params = S3EndpointParams.builder().bucket("state").key("a.json").build();

    assertThat(fixed.resolveEndpoint(params)).isSameAs(fixed.resolveEndpoint(params.toBuilder().key("b.json").build()));
  }
}
