package io.fnjobs.triggers.runtime;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import java.time.Duration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Builds the SQS client of the trigger layer, for AWS, LocalStack or the embedded queue alike. */
public final class QueueClients {

  private QueueClients() {}

  public static SqsClient sqs(EndpointSettings settings) {
    var builder =
        SqsClient.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(StorageClients.credentials(settings))
            // long polls wait up to 20 s: the read timeout must be longer
            .httpClient(UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30))
                .build());
    settings.endpoint().ifPresent(builder::endpointOverride);
    return builder.build();
  }
}
