package io.fnjobs.localdev.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.localdev.Resources;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class EmbeddedSqsTest {

  private static final List<Resources.Queue> QUEUES = List.of(
      new Resources.Queue("orders", Duration.ofSeconds(30), null, new Resources.DeadLetter("orders-dlq", 2)),
      new Resources.Queue("orders-dlq", null, Duration.ofDays(14), null));

  @TempDir Path dataDir;

  @Test
  void start_shouldCreateTheQueuesWithTheirRedrivePolicy() {
    try (EmbeddedSqs sqs = start(0); SqsClient client = client(sqs)) {
      String orders = client.getQueueUrl(b -> b.queueName("orders")).queueUrl();
      Map<String, String> attributes = client.getQueueAttributes(b -> b.queueUrl(orders)
          .attributeNames(QueueAttributeName.ALL)).attributesAsStrings();

      assertThat(orders).isEqualTo(sqs.uri() + "/000000000000/orders");
      assertThat(attributes).containsEntry("VisibilityTimeout", "30");
      assertThat(attributes.get("QueueArn")).isEqualTo("arn:aws:sqs:us-east-1:000000000000:orders");
      assertThat(attributes.get("RedrivePolicy")).contains("arn:aws:sqs:us-east-1:000000000000:orders-dlq")
          .contains("\"maxReceiveCount\":2");
      assertThat(client.getQueueUrl(b -> b.queueName("orders-dlq")).queueUrl()).endsWith("/orders-dlq");
    }
  }

  @Test
  void sendReceiveDelete_shouldRemoveTheMessage() {
    try (EmbeddedSqs sqs = start(0); SqsClient client = client(sqs)) {
      String orders = client.getQueueUrl(b -> b.queueName("orders")).queueUrl();
      client.sendMessage(b -> b.queueUrl(orders).messageBody("{\"orderId\":\"o-1\"}"));

      Message received = receiveOne(client, orders);
      client.deleteMessage(b -> b.queueUrl(orders).receiptHandle(received.receiptHandle()));

      assertThat(received.body()).isEqualTo("{\"orderId\":\"o-1\"}");
      assertThat(client.receiveMessage(b -> b.queueUrl(orders).visibilityTimeout(0).waitTimeSeconds(1)).messages())
          .isEmpty();
    }
  }

  @Test
  void start_shouldRestoreAMessageNotDeleted_whenStartedAgainOnTheSameDataDir() {
    try (EmbeddedSqs sqs = start(0); SqsClient client = client(sqs)) {
      String orders = client.getQueueUrl(b -> b.queueName("orders")).queueUrl();
      client.sendMessage(b -> b.queueUrl(orders).messageBody("in flight"));
      client.sendMessage(b -> b.queueUrl(orders).messageBody("never received"));
      assertThat(client.receiveMessage(b -> b.queueUrl(orders).visibilityTimeout(1).waitTimeSeconds(1)).messages())
          .hasSize(1);
    }

    try (EmbeddedSqs sqs = start(0); SqsClient client = client(sqs)) {
      String orders = client.getQueueUrl(b -> b.queueName("orders")).queueUrl();
      List<String> bodies = new ArrayList<>();
      for (int attempt = 0; attempt < 10 && bodies.size() < 2; attempt++) {
        client.receiveMessage(b -> b.queueUrl(orders).maxNumberOfMessages(10).visibilityTimeout(60).waitTimeSeconds(1))
            .messages().forEach(m -> bodies.add(m.body()));
      }

      assertThat(bodies).containsExactlyInAnyOrder("in flight", "never received");
    }
  }

  @Test
  void receive_shouldMoveTheMessageToTheDeadLetterQueue_afterMaxReceiveCountReceives() {
    try (EmbeddedSqs sqs = start(0); SqsClient client = client(sqs)) {
      String orders = client.getQueueUrl(b -> b.queueName("orders")).queueUrl();
      String deadLetters = client.getQueueUrl(b -> b.queueName("orders-dlq")).queueUrl();
      client.sendMessage(b -> b.queueUrl(orders).messageBody("poison"));

      receiveOne(client, orders);
      receiveOne(client, orders);

      assertThat(client.receiveMessage(b -> b.queueUrl(orders).visibilityTimeout(0).waitTimeSeconds(1)).messages())
          .isEmpty();
      assertThat(receiveOne(client, deadLetters).body()).isEqualTo("poison");
    }
  }

  @Test
  void close_shouldFreeThePort_andAllowAnotherStart() throws IOException {
    EmbeddedSqs sqs = start(0);
    int port = sqs.uri().getPort();

    sqs.close();

    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }
    try (EmbeddedSqs again = start(port)) {
      assertThat(again.uri().getPort()).isEqualTo(port);
    }
  }

  @Test
  void start_shouldRefuseASecondServer_whileOneRuns() {
    try (EmbeddedSqs sqs = start(0)) {
      assertThatThrownBy(() -> start(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("already runs");
    }
  }

  @Test
  void start_shouldNameThePortAndTheSetting_whenThePortIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      assertThatThrownBy(() -> start(taken.getLocalPort()))
          .isInstanceOf(SqsPortInUseException.class)
          .hasMessageContaining("127.0.0.1:" + taken.getLocalPort())
          .hasMessageContaining("--sqs-port");
    }
    try (EmbeddedSqs sqs = start(0)) {
      assertThat(sqs.uri()).isNotNull();
    }
  }

  private EmbeddedSqs start(int port) {
    return EmbeddedSqs.start(SqsServerOptions.builder().port(port).dataDir(dataDir).queues(QUEUES).build());
  }

  private static Message receiveOne(SqsClient client, String queueUrl) {
    for (int attempt = 0; attempt < 5; attempt++) {
      List<Message> messages =
          client.receiveMessage(b -> b.queueUrl(queueUrl).visibilityTimeout(0).waitTimeSeconds(1)).messages();
      if (!messages.isEmpty()) {
        return messages.get(0);
      }
    }
    throw new AssertionError("no message in " + queueUrl);
  }

  private static SqsClient client(EmbeddedSqs sqs) {
    return SqsClient.builder()
        .endpointOverride(sqs.uri())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }
}
