package io.fnjobs.localdev.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.localdev.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * FIFO queues declared like {@code infra/resources.yaml} does, on the embedded ElasticMQ: what the queue
 * trigger relies on, as SQS documents it: a group's messages are handed out in order and only while
 * none of the group is in flight, also while one is hidden for a retry's backoff.
 */
class EmbeddedSqsFifoTest {

  private static final List<Resources.Queue> QUEUES = List.of(
      new Resources.Queue("jobs.fifo", Duration.ofSeconds(30), null, new Resources.DeadLetter("jobs-dlq.fifo", 3)),
      new Resources.Queue("jobs-dlq.fifo", null, Duration.ofDays(14), null),
      new Resources.Queue("hashed.fifo", null, null, null, true));

  @TempDir static Path dataDir;
  private static EmbeddedSqs server;
  private static SqsClient sqs;
  private static String jobs;

  @BeforeAll
  static void start() {
    server = EmbeddedSqs.start(SqsServerOptions.builder().port(0).dataDir(dataDir).queues(QUEUES).build());
    sqs = SqsClient.builder().endpointOverride(server.uri()).region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create()).build();
    jobs = sqs.getQueueUrl(r -> r.queueName("jobs.fifo")).queueUrl();
  }

  @AfterAll
  static void stop() {
    sqs.close();
    server.close();
  }

  @BeforeEach
  void purge() {
    sqs.purgeQueue(r -> r.queueUrl(jobs));
  }

  @Test
  void start_shouldCreateFifoQueuesUnderTheirNames_withAFifoDeadLetterQueue() {
    Map<String, String> attributes = sqs.getQueueAttributes(r -> r.queueUrl(jobs).attributeNames(QueueAttributeName.ALL))
        .attributesAsStrings();
    String hashed = sqs.getQueueUrl(r -> r.queueName("hashed.fifo")).queueUrl();

    assertThat(jobs).endsWith("/000000000000/jobs.fifo");
    assertThat(attributes).containsEntry("FifoQueue", "true").containsEntry("ContentBasedDeduplication", "false");
    assertThat(attributes.get("RedrivePolicy")).contains(":jobs-dlq.fifo\"").contains("\"maxReceiveCount\":3");
    assertThat(sqs.getQueueAttributes(r -> r.queueUrl(hashed).attributeNames(QueueAttributeName.ALL))
        .attributesAsStrings()).containsEntry("FifoQueue", "true").containsEntry("ContentBasedDeduplication", "true");
  }

  @Test
  void receive_shouldHandOutAGroupsNextMessage_onlyOnceNoneOfTheGroupIsInFlight() {
    send("a", "a-1");
    send("a", "a-2");
    send("b", "b-1");

    Message first = receiveOne(30);
    Message second = receiveOne(30);

    assertThat(first.body()).isEqualTo("a-1");
    assertThat(second.body()).as("a-2 waits while a-1 is in flight").isEqualTo("b-1");
    assertThat(second.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "b");
    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs).waitTimeSeconds(0)).messages()).isEmpty();

    delete(first);
    assertThat(receiveOne(30).body()).isEqualTo("a-2");
  }

  @Test
  void receive_shouldKeepAGroupsOrder_whileItsFirstMessageIsHiddenForABackoff() {
    send("a", "a-1");
    send("a", "a-2");
    Message first = receiveOne(30);

    sqs.changeMessageVisibility(r -> r.queueUrl(jobs).receiptHandle(first.receiptHandle()).visibilityTimeout(1));

    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs).waitTimeSeconds(0)).messages())
        .as("a-2 is not handed out while a-1 waits for its retry").isEmpty();
    Message again = receiveOne(30);
    assertThat(again.body()).isEqualTo("a-1");
    assertThat(again.attributes()).containsEntry(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
  }

  @Test
  void send_shouldDropACopyWithTheSameDeduplicationId() {
    send("a", "a-1");
    sqs.sendMessage(r -> r.queueUrl(jobs).messageBody("a-1 again").messageGroupId("a").messageDeduplicationId("a-1"));

    assertThat(receiveOne(0).body()).isEqualTo("a-1");
    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs).visibilityTimeout(0).waitTimeSeconds(0).maxNumberOfMessages(10))
        .messages()).extracting(Message::body).containsExactly("a-1");
  }

  private static void send(String group, String body) {
    sqs.sendMessage(r -> r.queueUrl(jobs).messageBody(body).messageGroupId(group).messageDeduplicationId(body));
  }

  private static Message receiveOne(int visibility) {
    for (int attempt = 0; attempt < 5; attempt++) {
      List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(jobs).maxNumberOfMessages(1)
          .visibilityTimeout(visibility).waitTimeSeconds(1).messageSystemAttributeNames(
              MessageSystemAttributeName.MESSAGE_GROUP_ID, MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))
          .messages();
      if (!messages.isEmpty()) {
        return messages.get(0);
      }
    }
    throw new AssertionError("no message in " + jobs);
  }

  private static void delete(Message message) {
    sqs.deleteMessage(r -> r.queueUrl(jobs).receiptHandle(message.receiptHandle()));
  }
}
