package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.queue.DeadLetterQueues.DeadLetter;
import io.fnjobs.triggers.queue.DeadLetterQueues.Listing;
import io.fnjobs.triggers.queue.DeadLetterQueues.RedriveReport;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/** The dead-letter tooling against the real embedded SQS (ElasticMQ) and S3 servers. */
class DeadLetterQueuesTest {

  @TempDir static Path data;
  private static JobsQueue queue;
  private static S3Client s3;
  private static SqsClient sqs;
  private static SourceQueue jobs;
  private static DeadLetterQueues deadLetters;
  private static AttributeSeal seal;

  @BeforeAll
  static void start() {
    queue = new JobsQueue(data);
    s3 = queue.s3();
    sqs = queue.sqs();
    jobs = queue.jobs();
    seal = AttributeSeal.of("", new S3ConditionalStore(s3, "state"), Clock.systemUTC());
    deadLetters = new DeadLetterQueues(sqs, new RedriveLog(new S3ConditionalStore(s3, "state")), seal,
        Clock.systemUTC());
  }

  @BeforeEach
  void emptyQueues() {
    queue.purge();
  }

  @AfterAll
  static void stop() {
    queue.close();
  }

  @Test
  void resolve_shouldFindTheDeadLetterQueueOfTheRedrivePolicy() {
    assertThat(jobs.deadLetter().name()).isEqualTo("jobs-dlq");
    assertThat(jobs.deadLetter().maxReceiveCount()).isEqualTo(2);
    assertThat(jobs.deadLetter().url()).endsWith("/jobs-dlq");
  }

  @Test
  void depth_shouldCountTheDeadLetters_withoutReceivingAny() {
    for (int i = 0; i < 3; i++) {
      String body = "{\"n\":" + i + "}";
      sqs.sendMessage(r -> r.queueUrl(jobs.url()).messageBody(body));
      deadLetters.deadLetter(jobs, receiveOne(jobs.url()), "jobs-trigger", "failed", 1);
    }

    DeadLetterQueues.Depth depth = deadLetters.depth(jobs, jobs.deadLetter());
    DeadLetterQueues.Depth again = deadLetters.depth(jobs, jobs.deadLetter());

    assertThat(depth).isEqualTo(new DeadLetterQueues.Depth("jobs", "jobs-dlq", 3, 0, 0));
    assertThat(again).as("counting received nothing").isEqualTo(depth);
    assertThat(deadLetters.list(jobs, jobs.deadLetter(), 10).messages()).allSatisfy(letter ->
        assertThat(letter.receiveCount()).as("received by this listing only").isEqualTo(1));
  }

  @Test
  void deadLetter_shouldMoveTheMessageWithItsReason_andDeleteItFromTheQueue() {
    sqs.sendMessage(r -> r.queueUrl(jobs.url()).messageBody("{broken").messageAttributes(
        Map.of("tenant", MessageAttributeValue.builder().dataType("String").stringValue("t-1").build())));
    Message received = receiveOne(jobs.url());

    assertThat(deadLetters.deadLetter(jobs, received, "jobs-trigger", "the body is not JSON", 1)).isTrue();

    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs.url()).waitTimeSeconds(0)).messages()).isEmpty();
    DeadLetter letter = deadLetters.list(jobs, jobs.deadLetter(), 10).messages().get(0);
    assertThat(letter.body()).isEqualTo("{broken");
    assertThat(letter.reason()).isEqualTo("the body is not JSON");
    assertThat(letter.originalMessageId()).isEqualTo(received.messageId());
    assertThat(letter.attributes()).containsEntry("tenant", "t-1").containsEntry("fnjobs-trigger", "jobs-trigger");
  }

  @Test
  void list_shouldShowEveryDeadLetterWithoutConsumingIt_andGroupCopiesOfOneMessage() {
    for (int i = 0; i < 12; i++) {
      int n = i;
      sqs.sendMessage(r -> r.queueUrl(jobs.deadLetter().url()).messageBody("letter " + n));
    }
    for (int copy = 0; copy < 2; copy++) {
      sqs.sendMessage(r -> r.queueUrl(jobs.deadLetter().url()).messageBody("copied")
          .messageAttributes(signedFirstId("copied", "first-id")));
    }

    Listing first = deadLetters.list(jobs, jobs.deadLetter(), 100);
    Listing second = deadLetters.list(jobs, jobs.deadLetter(), 100);

    assertThat(first.count()).isEqualTo(13);
    assertThat(first.truncated()).isFalse();
    assertThat(first.messages()).filteredOn(letter -> letter.body().equals("copied"))
        .singleElement().extracting(DeadLetter::copies, DeadLetter::originalMessageId).containsExactly(2, "first-id");
    assertThat(second.messages()).extracting(DeadLetter::originalMessageId)
        .containsExactlyInAnyOrderElementsOf(first.messages().stream().map(DeadLetter::originalMessageId).toList());
    assertThat(deadLetters.list(jobs, jobs.deadLetter(), 5).truncated()).isTrue();
    // visible again at once: a plain receive gets them
    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs.deadLetter().url()).maxNumberOfMessages(10)).messages()).hasSize(10);
  }

  @Test
  void redrive_shouldSendEachBackOnce_withTheIdItWasFirstSentWith() {
    sqs.sendMessage(r -> r.queueUrl(jobs.url()).messageBody("{\"job\":1}"));
    String firstId = moveToDeadLetters();

    RedriveReport report = deadLetters.redrive(jobs, jobs.deadLetter(), 100, null);

    assertThat(report.moved()).isEqualTo(1);
    assertThat(deadLetters.list(jobs, jobs.deadLetter(), 10).count()).isZero();
    Message back = receiveOne(jobs.url());
    assertThat(back.body()).isEqualTo("{\"job\":1}");
    assertThat(back.messageId()).isEqualTo(report.newMessageIds().get(0));
    assertThat(DeadLetterAttributes.originalMessageId(back)).isEqualTo(firstId);
    assertThat(DeadLetterAttributes.attemptsBefore(back)).as("the queue's maxReceiveCount").isEqualTo(2);
  }

  @Test
  void redrive_shouldMoveOnlyTheNamedMessage_whenAMessageIdIsGiven() {
    sqs.sendMessage(r -> r.queueUrl(jobs.deadLetter().url()).messageBody("one"));
    String two = sqs.sendMessage(r -> r.queueUrl(jobs.deadLetter().url()).messageBody("two")).messageId();

    RedriveReport report = deadLetters.redrive(jobs, jobs.deadLetter(), 100, two);

    assertThat(report.moved()).isEqualTo(1);
    assertThat(receiveOne(jobs.url()).body()).isEqualTo("two");
    assertThat(deadLetters.list(jobs, jobs.deadLetter(), 10).messages()).extracting(DeadLetter::body).containsExactly("one");
  }

  @Test
  void redrive_shouldDropWithoutResending_aDeadLetterThatWasRedrivenBefore() {
    // what a redrive leaves when it stops after sending a message back and recording it, before
    // deleting it; and what a queue shows when it brings a redriven message back
    sqs.sendMessage(r -> r.queueUrl(jobs.url()).messageBody("{\"job\":2}"));
    String deadId = moveToDeadLetters();
    new RedriveLog(new S3ConditionalStore(s3, "state")).record(
        new RedriveLog.Entry("jobs-dlq", deadId, deadId, "jobs", "sent-before", "2026-11-21T10:00:00Z"));

    Listing listing = deadLetters.list(jobs, jobs.deadLetter(), 10);
    RedriveReport report = deadLetters.redrive(jobs, jobs.deadLetter(), 100, null);

    assertThat(listing.messages()).singleElement().extracting(DeadLetter::alreadyRedrivenAt)
        .isEqualTo("2026-11-21T10:00:00Z");
    assertThat(report.moved()).isZero();
    assertThat(report.alreadyRedrivenDropped()).isEqualTo(1);
    assertThat(deadLetters.list(jobs, jobs.deadLetter(), 10).count()).isZero();
    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs.url()).waitTimeSeconds(0)).messages()).isEmpty();
  }

  @Test
  void redrive_shouldSendOneCopy_whenTheDeadLetterQueueHoldsTwoOfOneMessage() {
    for (int copy = 0; copy < 2; copy++) {
      sqs.sendMessage(r -> r.queueUrl(jobs.deadLetter().url()).messageBody("twice")
          .messageAttributes(signedFirstId("twice", "first-id")));
    }

    RedriveReport report = deadLetters.redrive(jobs, jobs.deadLetter(), 100, null);

    assertThat(report.moved()).isEqualTo(1);
    assertThat(report.duplicatesDropped()).isEqualTo(1);
    assertThat(DeadLetterAttributes.originalMessageId(receiveOne(jobs.url()))).isEqualTo("first-id");
    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs.url()).waitTimeSeconds(1)).messages()).isEmpty();
  }

  /** The attributes of a copy of a message first sent as {@code firstId}, as the trigger layer signs them. */
  private static Map<String, MessageAttributeValue> signedFirstId(String body, String firstId) {
    return seal.signed(body, Map.of(DeadLetterAttributes.ORIGINAL_MESSAGE_ID,
        MessageAttributeValue.builder().dataType("String").stringValue(firstId).build()));
  }

  /** Receives the only message in the queue until its redrive policy moves it; returns its id. */
  private static String moveToDeadLetters() {
    String id = null;
    for (int receive = 0; receive < 3; receive++) {
      List<Message> got = sqs.receiveMessage(r -> r.queueUrl(jobs.url()).visibilityTimeout(0).waitTimeSeconds(0)).messages();
      if (!got.isEmpty()) {
        id = got.get(0).messageId();
      }
    }
    assertThat(deadLetters.list(jobs, jobs.deadLetter(), 10).messages()).extracting(DeadLetter::messageId).containsExactly(id);
    return id;
  }

  private static Message receiveOne(String url) {
    List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(2).messageAttributeNames("All")).messages();
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }
}
