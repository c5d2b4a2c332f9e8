package io.fnjobs.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.localdev.Resources;
import io.fnjobs.localdev.sqs.EmbeddedSqs;
import io.fnjobs.localdev.sqs.SqsServerOptions;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.auth.scheme.SqsAuthSchemeParams;
import software.amazon.awssdk.services.sqs.auth.scheme.SqsAuthSchemeProvider;
import software.amazon.awssdk.services.sqs.endpoints.SqsEndpointParams;
import software.amazon.awssdk.services.sqs.endpoints.SqsEndpointProvider;
import software.amazon.awssdk.services.sqs.model.Message;

class QueueClientsTest {

  @TempDir Path dataDir;

  @Test
  void sqs_shouldSendToTheSetEndpointWithoutTheRules_whenAnEndpointIsSet() {
    try (EmbeddedSqs server = EmbeddedSqs.start(SqsServerOptions.builder().port(0).dataDir(dataDir)
            .queues(List.of(new Resources.Queue("jobs", null, null, null))).build());
        SqsClient sqs = QueueClients.sqs(EndpointSettings.local(server.uri(), "x", "x"))) {
      assertThat(sqs.serviceClientConfiguration().endpointProvider()).get()
          .isInstanceOf(QueueClients.FixedEndpoint.class);
      assertThat(sqs.serviceClientConfiguration().authSchemeProvider()).isInstanceOfSatisfying(QueueClients.FixedAuth.class,
          auth -> assertThat(auth.options()).singleElement().satisfies(option -> {
            assertThat(option.signerProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME)).isEqualTo("sqs");
            assertThat(option.signerProperty(AwsV4HttpSigner.REGION_NAME)).isEqualTo("us-east-1");
          }));

      String queue = sqs.getQueueUrl(r -> r.queueName("jobs")).queueUrl();
      sqs.sendMessage(r -> r.queueUrl(queue).messageBody("{\"orderId\":\"o-1\"}"));
      List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queue).waitTimeSeconds(5)).messages();

      assertThat(received).extracting(Message::body).containsExactly("{\"orderId\":\"o-1\"}");
    }
  }

  @Test
  void fixedEndpoint_shouldAnswerWhatTheSdkRulesAnswer_whenAnEndpointIsSet() {
    SqsEndpointProvider rules = SqsEndpointProvider.defaultProvider();
    for (String address : List.of("http://127.0.0.1:9324", "http://127.0.0.1:9324/", "https://sqs.example.com/base")) {
      SqsEndpointParams params = SqsEndpointParams.builder().region(Region.US_EAST_1).endpoint(address).build();

      assertThat(new QueueClients.FixedEndpoint(URI.create(address)).resolveEndpoint(params).join().url())
          .isEqualTo(rules.resolveEndpoint(params).join().url());
    }
  }

  @Test
  void sqs_shouldKeepTheSdkProviders_whenNoEndpointIsSet() {
    EndpointSettings aws = new EndpointSettings(Optional.empty(), "eu-west-1", Optional.of("a"), Optional.of("b"));
    try (SqsClient sqs = QueueClients.sqs(aws)) {
      assertThat(sqs.serviceClientConfiguration().endpointProvider()).get()
          .isInstanceOf(SqsEndpointProvider.defaultProvider().getClass());
      assertThat(sqs.serviceClientConfiguration().authSchemeProvider())
          .isInstanceOf(SqsAuthSchemeProvider.defaultProvider().getClass());
      assertThat(sqs.serviceClientConfiguration().authSchemeProvider()
              .resolveAuthScheme(SqsAuthSchemeParams.builder().operation("SendMessage").region(Region.EU_WEST_1).build()))
          .singleElement().satisfies(option -> assertThat(option.signerProperty(AwsV4HttpSigner.REGION_NAME))
              .isEqualTo("eu-west-1"));
    }
  }
}
