package io.fnjobs.localdev.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.localdev.Resources;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchRequestTooLongException;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SqsException;

/** SQS refuses a message, or a batch, of more than 262,144 bytes; so must the embedded server. */
class MessageSizeLimitTest {

  private static final int LIMIT = 262_144;

  @TempDir Path dataDir;

  private EmbeddedSqs sqs;
  private SqsClient client;
  private String queue;

  @BeforeEach
  void start() {
    sqs = EmbeddedSqs.start(SqsServerOptions.builder().port(0).dataDir(dataDir)
        .queues(List.of(new Resources.Queue("q", Duration.ofSeconds(30), null, null))).build());
    client = SqsClient.builder()
        .endpointOverride(sqs.uri())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create())
        .overrideConfiguration(o -> o.retryStrategy(retry -> retry.maxAttempts(1)))
        .build();
    queue = client.getQueueUrl(b -> b.queueName("q")).queueUrl();
  }

  @AfterEach
  void stop() {
    client.close();
    sqs.close();
  }

  @Test
  void sendMessage_shouldTake262144Bytes_andAnswerInvalidParameterValue_whenTheMessageHasOneByteMore() {
    client.sendMessage(b -> b.queueUrl(queue).messageBody("x".repeat(LIMIT)));

    assertTooLong(() -> client.sendMessage(b -> b.queueUrl(queue).messageBody("x".repeat(LIMIT + 1))));
    // bytes, not characters: 131,073 two-byte characters
    assertTooLong(() -> client.sendMessage(b -> b.queueUrl(queue).messageBody("é".repeat(LIMIT / 2 + 1))));
    assertThat(messages()).isEqualTo(1);
  }

  @Test
  void sendMessage_shouldCountTheAttributes_whenTheBodyAloneFits() {
    // 262,000 bytes of body, and "note" + "String" + 135 bytes of value: 262,145
    Map<String, MessageAttributeValue> attributes =
        Map.of("note", MessageAttributeValue.builder().dataType("String").stringValue("y".repeat(135)).build());
    Map<String, MessageAttributeValue> binary =
        Map.of("blob", MessageAttributeValue.builder().dataType("Binary").binaryValue(SdkBytes.fromByteArray(new byte[135]))
            .build());

    assertTooLong(() -> client.sendMessage(b -> b.queueUrl(queue).messageBody("x".repeat(262_000)).messageAttributes(attributes)));
    assertTooLong(() -> client.sendMessage(b -> b.queueUrl(queue).messageBody("x".repeat(262_000)).messageAttributes(binary)));
    client.sendMessage(b -> b.queueUrl(queue).messageBody("x".repeat(261_999)).messageAttributes(attributes));
    assertThat(messages()).isEqualTo(1);
  }

  @Test
  void sendMessageBatch_shouldAnswerBatchRequestTooLong_whenTheMessagesTogetherAreOver262144Bytes() {
    client.sendMessageBatch(b -> b.queueUrl(queue).entries(entry("a", LIMIT / 2), entry("b", LIMIT / 2)));

    assertThatThrownBy(() -> client.sendMessageBatch(b -> b.queueUrl(queue).entries(entry("a", LIMIT / 2), entry("b", LIMIT / 2 + 1))))
        .isInstanceOfSatisfying(BatchRequestTooLongException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.getMessage()).contains("Batch requests cannot be longer than 262144 bytes. You have sent 262145 bytes.");
        });
    assertThatThrownBy(() -> client.sendMessageBatch(b -> b.queueUrl(queue).entries(entry("a", LIMIT + 1))))
        .isInstanceOf(BatchRequestTooLongException.class);
    assertThat(messages()).isEqualTo(2);
  }

  @Test
  void sendMessage_shouldAnswerInTheQueryProtocol_whenTheRequestUsesIt() throws Exception {
    // how older SDKs and the AWS CLI v1 send: form parameters, answers in XML
    HttpClient http = HttpClient.newHttpClient();
    String tooLong = form(Map.of("Action", "SendMessage", "QueueUrl", queue, "MessageBody", "x".repeat(LIMIT + 1)));
    String batch = form(Map.of("Action", "SendMessageBatch", "QueueUrl", queue,
        "SendMessageBatchRequestEntry.1.Id", "a", "SendMessageBatchRequestEntry.1.MessageBody", "x".repeat(LIMIT / 2),
        "SendMessageBatchRequestEntry.2.Id", "b", "SendMessageBatchRequestEntry.2.MessageBody", "x".repeat(LIMIT / 2 + 1)));

    HttpResponse<String> single = http.send(post(queue, tooLong), HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> batched = http.send(post(queue, batch), HttpResponse.BodyHandlers.ofString());

    assertThat(single.statusCode()).isEqualTo(400);
    assertThat(single.body()).contains("<Code>InvalidParameterValue</Code>")
        .contains("Message must be shorter than 262144 bytes.");
    assertThat(batched.statusCode()).isEqualTo(400);
    assertThat(batched.body()).contains("<Code>AWS.SimpleQueueService.BatchRequestTooLong</Code>");
    assertThat(messages()).isZero();
  }

  private void assertTooLong(Runnable send) {
    assertThatThrownBy(send::run).isInstanceOfSatisfying(SqsException.class, e -> {
      assertThat(e.statusCode()).isEqualTo(400);
      assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
      assertThat(e.awsErrorDetails().errorMessage())
          .isEqualTo("One or more parameters are invalid. Reason: Message must be shorter than 262144 bytes.");
    });
  }

  private int messages() {
    return Integer.parseInt(client.getQueueAttributes(b -> b.queueUrl(queue)
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributesAsStrings()
        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES.toString()));
  }

  private static SendMessageBatchRequestEntry entry(String id, int bytes) {
    return SendMessageBatchRequestEntry.builder().id(id).messageBody("x".repeat(bytes)).build();
  }

  private static HttpRequest post(String url, String form) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form))
        .build();
  }

  private static String form(Map<String, String> parameters) {
    StringBuilder form = new StringBuilder();
    parameters.forEach((name, value) -> form.append(form.isEmpty() ? "" : "&")
        .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
        .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
    return form.toString();
  }
}
