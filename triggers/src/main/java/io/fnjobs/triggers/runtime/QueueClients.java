package io.fnjobs.triggers.runtime;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.FixedSigV4;
import io.fnjobs.common.storage.StorageClients;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.auth.scheme.SqsAuthSchemeParams;
import software.amazon.awssdk.services.sqs.auth.scheme.SqsAuthSchemeProvider;
import software.amazon.awssdk.services.sqs.endpoints.SqsEndpointParams;
import software.amazon.awssdk.services.sqs.endpoints.SqsEndpointProvider;

/** Builds the SQS client of the trigger layer, for AWS, LocalStack or the embedded queue alike. */
public final class QueueClients {

  private QueueClients() {}

  public static SqsClient sqs(EndpointSettings settings) {
    return sqs(settings, httpClient());
  }

  /**
   * The SQS client the trigger types share, made on the first call: a layer whose triggers read no
   * queue makes none.
   */
  public static SqsClient shared(TriggerContext context) {
    return context.clients().get(SqsClient.class, () -> sqs(context.options().sqs()));
  }

  /**
   * A client over the given HTTP client, e.g. one whose long polls can be cut short on stop. With an
   * endpoint set, the endpoint and the auth scheme are fixed from the settings rather than resolved by
   * the SDK's rule set per request (it answers the set endpoint and SigV4 all the same).
   */
  public static SqsClient sqs(EndpointSettings settings, SdkHttpClient http) {
    var builder =
        SqsClient.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(StorageClients.credentials(settings))
            .httpClient(http);
    settings.endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint)
        .endpointProvider(new FixedEndpoint(endpoint))
        .authSchemeProvider(new FixedAuth(List.of(FixedSigV4.option("sqs", settings.region())))));
    return builder.build();
  }

  /** Every request to the queue service at a fixed address: that address, as the SDK's rules answer it. */
  record FixedEndpoint(CompletableFuture<Endpoint> endpoint) implements SqsEndpointProvider {
    FixedEndpoint(URI address) {
      this(CompletableFuture.completedFuture(Endpoint.builder().url(address).build()));
    }

    @Override
    public CompletableFuture<Endpoint> resolveEndpoint(SqsEndpointParams params) {
      return endpoint;
    }
  }

  /** SigV4 for the client's region, decided once. */
  record FixedAuth(List<AuthSchemeOption> options) implements SqsAuthSchemeProvider {
    @Override
    public List<AuthSchemeOption> resolveAuthScheme(SqsAuthSchemeParams params) {
      return options;
    }
  }

  /** The JDK's HTTP client; long polls wait up to 20 s, so the read timeout is longer. */
  public static SdkHttpClient httpClient() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(Duration.ofSeconds(30))
        .build();
  }
}
