package io.fnjobs.common.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.StoreFixture;
import io.fnjobs.common.storage.StorageClients.Resolution;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.auth.scheme.S3AuthSchemeParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

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

  @Test
  void s3_shouldResolveEndpointAndSigningFromTheSettings_whenAnEndpointIsSet() {
    EndpointSettings settings = EndpointSettings.local(URI.create("http://127.0.0.1:9000"), "a", "b");
    try (S3Client fixed = StorageClients.s3(settings);
        S3Client rules = StorageClients.s3(settings, List.of(), Resolution.SDK_RULES)) {
      assertThat(fixed.serviceClientConfiguration().endpointProvider()).get()
          .isInstanceOfSatisfying(PathStyleEndpoint.class,
              endpoint -> assertThat(endpoint.address()).isEqualTo(URI.create("http://127.0.0.1:9000")));
      assertThat(signsWithoutTheRules(fixed)).isTrue();
      // the option that selects the SDK's rules really does
      assertThat(rules.serviceClientConfiguration().endpointProvider()).get()
          .isInstanceOf(S3EndpointProvider.defaultProvider().getClass());
      assertThat(signsWithoutTheRules(rules)).isFalse();
    }
  }

  @Test
  void s3_shouldKeepTheSdkProviders_whenNoEndpointIsSet() {
    EndpointSettings aws = new EndpointSettings(Optional.empty(), "eu-west-1", Optional.of("a"), Optional.of("b"));
    try (S3Client client = StorageClients.s3(aws)) {
      assertThat(client.serviceClientConfiguration().endpointProvider()).get()
          .isInstanceOf(S3EndpointProvider.defaultProvider().getClass());
      assertThat(signsWithoutTheRules(client)).isFalse();
    }
  }

  /**
   * Keys that need encoding reach the store under their exact names, on the path the SDK's rules would
   * have sent them on, signed as the store accepts, through every kind of request fnjobs makes.
   */
  @Test
  void requests_shouldTakeThePathsOfTheSdkRulesAndReachTheExactKeys_whenKeysNeedEncoding() throws Exception {
    List<String> keys = List.of("odd/a+b=c.json", "odd/100% done & more.json", "odd/ünïcødé/写真 ✓.json",
        "odd/" + "long-segment-".repeat(15) + ".json", "odd/tilde~star*(1)'!.json");
    List<SdkHttpRequest> byRules = new CopyOnWriteArrayList<>();
    List<SdkHttpRequest> byFixed = new CopyOnWriteArrayList<>();
    try (StoreFixture store = new StoreFixture(dataDir, List.of(recorder));
        S3Client rules = StorageClients.s3(EndpointSettings.local(store.uri(), "minioadmin", "minioadmin"),
            List.of(recording(byRules)), Resolution.SDK_RULES)) {
      S3Client fixed = store.s3();
      String bucket = StoreFixture.BUCKET;
      for (String key : keys) {
        Consumer<S3Client> requests = client -> {
          client.putObject(r -> r.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromString(key));
          client.headObject(r -> r.bucket(bucket).key(key));
          client.getObjectAsBytes(r -> r.bucket(bucket).key(key));
          client.copyObject(r -> r.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(key + ".copy"));
          client.listObjectsV2(r -> r.bucket(bucket).prefix(key));
          client.deleteObject(r -> r.bucket(bucket).key(key + ".copy"));
          client.deleteObject(r -> r.bucket(bucket).key(key));
        };
        requests.accept(rules);
        requests.accept(fixed);
      }
      byFixed.addAll(sent);
      for (String key : keys) {
        fixed.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromString("body of " + key));
        assertThat(fixed.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asUtf8String()).isEqualTo("body of " + key);
      }
      assertThat(fixed.listObjectsV2(r -> r.bucket(bucket).prefix("odd/")).contents()).extracting(S3Object::key)
          .containsExactlyInAnyOrderElementsOf(keys);
    }

    assertThat(byFixed).hasSize(keys.size() * 7).hasSameSizeAs(byRules);
    for (int i = 0; i < byRules.size(); i++) {
      SdkHttpRequest expected = byRules.get(i);
      SdkHttpRequest actual = byFixed.get(i);
      assertThat(actual.getUri().toString()).isEqualTo(expected.getUri().toString());
      assertThat(actual.method()).isEqualTo(expected.method());
      assertThat(signedHeaders(actual)).isEqualTo(signedHeaders(expected));
      assertThat(actual.firstMatchingHeader("x-amz-content-sha256"))
          .isEqualTo(expected.firstMatchingHeader("x-amz-content-sha256"));
      assertThat(actual.firstMatchingHeader("x-amz-copy-source")).isEqualTo(expected.firstMatchingHeader("x-amz-copy-source"));
    }
    assertThat(byFixed.get(0).encodedPath()).isEqualTo("/state/odd/a%2Bb%3Dc.json");
  }

  @Test
  void requests_shouldFailWithTheStoresErrors_whenTheStoreRefuses() {
    try (StoreFixture store = new StoreFixture(dataDir)) {
      S3Client fixed = store.s3();
      assertThatThrownBy(() -> fixed.getObjectAsBytes(r -> r.bucket(StoreFixture.BUCKET).key("orders/missing.json")))
          .isInstanceOfSatisfying(NoSuchKeyException.class, e -> assertThat(e.statusCode()).isEqualTo(404));
      fixed.putObject(r -> r.bucket(StoreFixture.BUCKET).key("taken.json").ifNoneMatch("*"), RequestBody.fromString("1"));
      assertThatThrownBy(() -> fixed.putObject(r -> r.bucket(StoreFixture.BUCKET).key("taken.json").ifNoneMatch("*"),
          RequestBody.fromString("2")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.statusCode()).isEqualTo(412));
      assertThatThrownBy(() -> fixed.getObjectAsBytes(r -> r.bucket("no-such-bucket").key("a.json")))
          .isInstanceOfSatisfying(S3Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NoSuchBucket"));
    }
  }

  private static ExecutionInterceptor recording(List<SdkHttpRequest> requests) {
    return new ExecutionInterceptor() {
      @Override
      public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        requests.add(context.httpRequest());
      }
    };
  }

  /** The part of the Authorization header that names what was signed, for what scope. */
  private static String signedHeaders(SdkHttpRequest request) {
    String authorization = request.firstMatchingHeader("Authorization").orElseThrow();
    String credential = authorization.replaceAll(".*Credential=[^/]+/\\d{8}/([^,]+),.*", "$1");
    return credential + " " + authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
  }

  /**
   * Whether the client's auth scheme provider (as S3's own plugins wrap it) answers without consulting
   * S3's endpoint rules: it is asked for a request the rules refuse (an access point ARN as the bucket of
   * a path-style request), and a provider that runs them fails.
   */
  private static boolean signsWithoutTheRules(S3Client client) {
    S3AuthSchemeParams refusedByTheRules = S3AuthSchemeParams.builder().operation("GetObject")
        .region(Region.US_EAST_1).bucket("arn:aws:s3:us-east-1:123456789012:accesspoint/orders").key("a.json")
        .forcePathStyle(true).endpoint("http://127.0.0.1:9000").build();
    List<AuthSchemeOption> options;
    try {
      options = client.serviceClientConfiguration().authSchemeProvider().resolveAuthScheme(refusedByTheRules);
    } catch (SdkClientException rulesRefused) {
      assertThat(rulesRefused).hasMessageContaining("ARN");
      return false;
    }
    assertThat(options).singleElement().satisfies(option -> {
      assertThat(option.schemeId()).isEqualTo("aws.auth#sigv4");
      assertThat(option.signerProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME)).isEqualTo("s3");
      assertThat(option.signerProperty(AwsV4HttpSigner.REGION_NAME)).isEqualTo("us-east-1");
    });
    return true;
  }
}
