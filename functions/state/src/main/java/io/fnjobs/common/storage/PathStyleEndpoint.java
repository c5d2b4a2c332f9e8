package io.fnjobs.common.storage;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/**
 * The endpoint of every request to an S3-compatible store at a fixed address with path-style addressing
 * (MinIO, LocalStack, the embedded store): the address, then the bucket as the first path segment. The
 * SDK's own provider evaluates S3's whole endpoint rule set per request (ARNs, access points, S3 Express,
 * FIPS, dual stack) to reach the same URL; for such a store none of those rules applies.
 *
 * <p>The URL is what the rule set answers for a custom endpoint and {@code ForcePathStyle}: without a
 * bucket the address as given, with one the address's path ending in {@code /} followed by the
 * URI-encoded bucket. The key is not part of it: the SDK appends the request's own path. The endpoint
 * carries no auth schemes: the client's {@link FixedSigV4} provider gives the signer its settings.
 */
public final class PathStyleEndpoint implements S3EndpointProvider {

  /** Buckets whose endpoint is kept; past that each is built per request (a client uses a handful). */
  private static final int KEPT_BUCKETS = 64;

  private final URI address;
  private final String bucketBase;
  private final CompletableFuture<Endpoint> withoutBucket;
  private final Map<String, CompletableFuture<Endpoint>> byBucket = new ConcurrentHashMap<>();

  public PathStyleEndpoint(URI address) {
    this.address = address;
    String url = address.toString();
    this.bucketBase = url.endsWith("/") ? url : url + "/";
    this.withoutBucket = CompletableFuture.completedFuture(Endpoint.builder().url(address).build());
  }

  /** The store's address, as the settings give it. */
  public URI address() {
    return address;
  }

  @Override
  public CompletableFuture<Endpoint> resolveEndpoint(S3EndpointParams params) {
    String bucket = params.bucket();
    if (bucket == null) {
      return withoutBucket;
    }
    CompletableFuture<Endpoint> kept = byBucket.get(bucket);
    if (kept != null) {
      return kept;
    }
    CompletableFuture<Endpoint> endpoint = CompletableFuture.completedFuture(
        Endpoint.builder().url(URI.create(bucketBase + SdkHttpUtils.urlEncode(bucket))).build());
    if (byBucket.size() < KEPT_BUCKETS) {
      byBucket.putIfAbsent(bucket, endpoint);
    }
    return endpoint;
  }
}
