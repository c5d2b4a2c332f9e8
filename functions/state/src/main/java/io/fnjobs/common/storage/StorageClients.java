package io.fnjobs.common.storage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Builds the S3 client every fnjobs component uses, for AWS, MinIO or the embedded store alike. */
public final class StorageClients {

  private StorageClients() {}

  /** How a client with an endpoint set finds each request's endpoint and auth scheme. */
  public enum Resolution {
    /** From the settings, once: {@link PathStyleEndpoint} and {@link FixedSigV4}. */
    FIXED,
    /** The SDK's endpoint rule set, run per request (the behaviour before FIXED; kept to measure against). */
    SDK_RULES
  }

  /**
   * An S3 client with path-style addressing when an endpoint is set (MinIO and the embedded store serve
   * buckets as paths, not as host names). Such a client resolves its endpoint and auth scheme from the
   * settings ({@link PathStyleEndpoint}, {@link FixedSigV4}) instead of running S3's endpoint rule set
   * twice per request, which cost the client about as much CPU as signing; a client for AWS itself (no
   * endpoint) keeps the SDK's providers.
   */
  public static S3Client s3(EndpointSettings settings) {
    return s3(settings, List.of());
  }

  /**
   * The same client, with more interceptors, e.g. to count or trace requests.
   *
   * <p>Uploads as plain bodies, checksums only where an operation requires one: the SDK's default (since
   * 2.30) CRC32s every upload into an aws-chunked body with a trailer (signed chunk by chunk over plain
   * HTTP), which the store must decode again. Integrity holds without it: over plain HTTP the SigV4
   * signature covers the whole body's SHA-256, over HTTPS TLS does.
   */
  public static S3Client s3(EndpointSettings settings, List<ExecutionInterceptor> interceptors) {
    return s3(settings, interceptors, Resolution.FIXED);
  }

  /** The same client, resolving endpoints and auth schemes as asked where an endpoint is set. */
  public static S3Client s3(EndpointSettings settings, List<ExecutionInterceptor> interceptors, Resolution resolution) {
    var builder =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials(settings))
            .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
            .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
            .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
            .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(5)).build())
            .overrideConfiguration(ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofMinutes(2))
                .executionInterceptors(concat(new NoExpectContinue(), interceptors))
                .build());
    settings.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint).forcePathStyle(true));
    if (settings.endpoint().isPresent() && resolution == Resolution.FIXED) {
      builder.endpointProvider(new PathStyleEndpoint(settings.endpoint().get()))
          .authSchemeProvider(FixedSigV4.s3(settings.region()));
    }
    return builder.build();
  }

  private static List<ExecutionInterceptor> concat(ExecutionInterceptor first, List<ExecutionInterceptor> rest) {
    List<ExecutionInterceptor> all = new ArrayList<>();
    all.add(first);
    all.addAll(rest);
    return all;
  }

  /**
   * Drops {@code Expect: 100-continue}, which the SDK adds to uploads. The JDK's HTTP connection reports
   * a store's early answer to it (such as 412 to a conditional PUT) as a failure to write the body, so
   * a lost race would look like an I/O error and be retried; the objects fnjobs writes are small.
   */
  static final class NoExpectContinue implements ExecutionInterceptor {
    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
      return context.httpRequest().toBuilder().removeHeader("Expect").build();
    }
  }

  public static AwsCredentialsProvider credentials(EndpointSettings settings) {
    if (settings.accessKey().isPresent()) {
      return StaticCredentialsProvider.create(
          AwsBasicCredentials.create(settings.accessKey().get(), settings.secretKey().orElseThrow()));
    }
    return DefaultCredentialsProvider.builder().build();
  }
}
