package io.fnjobs.triggers.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.localdev.Resources;
import io.fnjobs.localdev.sqs.EmbeddedSqs;
import io.fnjobs.localdev.sqs.SqsServerOptions;
import io.fnjobs.triggers.runtime.QueueClients;
import io.fnjobs.triggers.runtime.SourceStatus;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The poller on the real embedded SQS server: S3's notification messages, as S3 sends them. */
class QueuePollerTest {

  @TempDir static Path data;
  private static EmbeddedSqs server;
  private static SqsClient sqs;
  private static String queueUrl;

  @BeforeAll
  static void start() {
    server = EmbeddedSqs.start(SqsServerOptions.builder().port(0).dataDir(data)
        .queues(List.of(new Resources.Queue("uploads-events", Duration.ofSeconds(30), Duration.ofDays(1), null)))
        .build());
    sqs = QueueClients.sqs(EndpointSettings.local(server.uri(), "x", "x"));
    queueUrl = sqs.getQueueUrl(r -> r.queueName("uploads-events")).queueUrl();
  }

  @AfterAll
  static void stop() {
    sqs.close();
    server.close();
  }

  @Test
  void run_shouldHandOverTheDecodedChanges_andDeleteEveryMessage_includingTestEventsAndGarbage() throws Exception {
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Fixtures.event("s3-test-event.json")));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody("this is no S3 notification"));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Fixtures.event("s3-put.json")));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Fixtures.event("sns-wrapped-s3-delete.json")));
    List<ObjectChange> found = new CopyOnWriteArrayList<>();
    SourceStatus status = new SourceStatus("SQS queue uploads-events", Clock.systemUTC());
    Thread thread = pollUntil(found, 2, status);

    assertThat(found).extracting(change -> change.blob().key())
        .containsExactlyInAnyOrder("images/summer 2026/cat photo+1 ünï 100%.jpg", "images/a b.png");
    assertThat(found).extracting(ObjectChange::source).containsOnly(ObjectChange.Source.queue);
    assertThat(messagesLeft()).isZero();
    assertThat(thread.isAlive()).isFalse();
    assertThat(status.failure()).as("every receive reported the queue answering").isEmpty();
    assertThat(status.describe()).containsKey("lastSuccess");
  }

  @Test
  void run_shouldCarryTheMessagesTraceparent_whenItIsAW3cTraceparent_andNoneOtherwise() throws Exception {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Fixtures.event("s3-put.json"))
        .messageAttributes(Map.of("traceparent", text(traceparent))));
    sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(Fixtures.event("sns-wrapped-s3-delete.json"))
        .messageAttributes(Map.of("traceparent", text("00-4bf92f3577b34da6a3ce929d0e0e4736-01"))));
    List<ObjectChange> found = new CopyOnWriteArrayList<>();

    pollUntil(found, 2, new SourceStatus("SQS queue uploads-events", Clock.systemUTC()));

    Map<String, String> traceparents = new HashMap<>();
    found.forEach(change -> traceparents.put(change.blob().key(), change.traceparent()));
    assertThat(traceparents).containsEntry("images/summer 2026/cat photo+1 ünï 100%.jpg", traceparent)
        .containsEntry("images/a b.png", null).hasSize(2);
  }

  /** Polls until {@code count} changes were handed over and every message is gone, or 10 s passed. */
  private static Thread pollUntil(List<ObjectChange> found, int count, SourceStatus status) throws Exception {
    QueuePoller poller = new QueuePoller("thumbs", sqs, queueUrl, found::add, Duration.ofSeconds(1), status);
    Thread thread = new Thread(poller);
    thread.start();
    try {
      long giveUp = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while ((found.size() < count || messagesLeft() > 0) && System.nanoTime() < giveUp) {
        Thread.sleep(50);
      }
    } finally {
      poller.stop();
      thread.join(5_000);
    }
    return thread;
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static int messagesLeft() {
    var attributes = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
        .attributes();
    return Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
        + Integer.parseInt(attributes.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE));
  }
}
