package io.fnjobs.triggers.runtime;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import java.time.Duration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

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

  /** A client over the given HTTP client, e.g. one whose long polls can be cut short on stop. */
  public static SqsClient sqs(EndpointSettings settings, SdkHttpClient http) {
    var builder =
        SqsClient.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(StorageClients.credentials(settings))
            .httpClient(http);
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }

  /** The JDK's HTTP client; long polls wait up to 20 s, so the read timeout is longer. */
  public static SdkHttpClient httpClient() {
    return UrlConnectionHttpClient.builder()
        .connectionTimeout(Duration.ofSeconds(5))
        .socketTimeout(Duration.ofSeconds(30))
        .build();
  }
}
