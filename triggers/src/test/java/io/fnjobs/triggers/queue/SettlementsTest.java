package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.fixtures.SqsCalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Settling in batch calls on the real embedded SQS server, its requests counted on the wire. */
class SettlementsTest {

  @TempDir static Path data;
  private static JobsQueue queue;

  private SqsCalls calls;
  private SqsClient counted;

  @BeforeAll
  static void start() {
    queue = new JobsQueue(data);
  }

  @AfterAll
  static void stop() {
    queue.close();
  }

  @BeforeEach
  void fresh() {
    queue.purge();
    calls = new SqsCalls();
    counted = calls.client(queue.sqsUri());
  }

  @Test
  void delete_shouldDeleteTenMessagesInOneCall_whenTheySettleTogether() {
    List<Message> messages = receive(10);
    Settlements settlements = new Settlements(counted, "jobs-trigger", Duration.ofSeconds(10));

    messages.forEach(message -> settlements.delete(queue.jobs(), message));

    assertThat(calls.of("DeleteMessageBatch")).isEqualTo(1);
    assertThat(calls.of("DeleteMessage")).isZero();
    assertThat(count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isZero();
    settlements.close();
  }

  @Test
  void delete_shouldSendWithinItsDelay_whenNoFlushComes() {
    List<Message> messages = receive(2);
    Settlements settlements = new Settlements(counted, "jobs-trigger", Duration.ofMillis(50));

    messages.forEach(message -> settlements.delete(queue.jobs(), message));

    Eventually.within(Duration.ofSeconds(5),
        () -> count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) == 0);
    assertThat(calls.of("DeleteMessageBatch")).isEqualTo(1);
    settlements.close();
  }

  @Test
  void flush_shouldDeleteTheOthers_andNameTheOneLeftToReappear_whenAnEntryFails() {
    List<Message> messages = new ArrayList<>(receive(3));
    Message broken = messages.get(1).toBuilder().receiptHandle("not-a-receipt-handle").build();
    messages.set(1, broken);
    Settlements settlements = new Settlements(counted, "jobs-trigger", Duration.ofSeconds(10));
    messages.forEach(message -> settlements.delete(queue.jobs(), message));

    List<String> failed = settlements.flush();

    assertThat(failed).containsExactly(broken.messageId());
    assertThat(count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).as("left to reappear")
        .isEqualTo(1);
    assertThat(calls.of("DeleteMessageBatch")).isEqualTo(1);
    settlements.close();
  }

  @Test
  void release_shouldHandEveryMessageBackInOneCall_whenAStopReleasesThem() {
    List<Message> messages = receive(3);
    Settlements settlements = new Settlements(counted, "jobs-trigger", Duration.ofSeconds(10));

    List<String> failed = settlements.release(queue.jobs(), messages);

    assertThat(failed).isEmpty();
    assertThat(calls.of("ChangeMessageVisibilityBatch")).isEqualTo(1);
    assertThat(calls.of("ChangeMessageVisibility")).isZero();
    assertThat(count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo(3);
    settlements.close();
  }

  @Test
  void hide_shouldHideEachMessageForItsOwnTime_inOneCall_whenTheyFailTogether() {
    List<Message> messages = receive(3);
    Settlements settlements = new Settlements(counted, "jobs-trigger", Duration.ofSeconds(10));

    settlements.hide(queue.jobs(), messages.get(0), 0);
    settlements.hide(queue.jobs(), messages.get(1), 600);
    settlements.hide(queue.jobs(), messages.get(2), 0);
    assertThat(calls.of("ChangeMessageVisibilityBatch")).as("waiting for the flush").isZero();
    List<String> failed = settlements.flush();

    assertThat(failed).isEmpty();
    assertThat(calls.of("ChangeMessageVisibilityBatch")).isEqualTo(1);
    assertThat(calls.of("ChangeMessageVisibility")).isZero();
    assertThat(count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo(2);
    assertThat(count(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).isEqualTo(1);
    settlements.close();
  }

  @Test
  void delayFor_shouldWaitATenthOfTheVisibilityTimeout_atMostOneSecond() {
    assertThat(Settlements.delayFor(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(1));
    assertThat(Settlements.delayFor(Duration.ofSeconds(5))).isEqualTo(Duration.ofMillis(500));
  }

  private static List<Message> receive(int count) {
    SqsClient sqs = queue.sqs();
    for (int i = 0; i < count; i++) {
      int n = i;
      sqs.sendMessage(r -> r.queueUrl(queue.jobs().url()).messageBody("{\"n\":" + n + "}"));
    }
    List<Message> received = new ArrayList<>();
    while (received.size() < count) {
      received.addAll(sqs.receiveMessage(r -> r.queueUrl(queue.jobs().url()).maxNumberOfMessages(count - received.size())
          .waitTimeSeconds(1)).messages());
    }
    return received;
  }

  private static int count(QueueAttributeName name) {
    Map<QueueAttributeName, String> attributes =
        queue.sqs().getQueueAttributes(r -> r.queueUrl(queue.jobs().url()).attributeNames(name)).attributes();
    return Integer.parseInt(attributes.get(name));
  }
}
