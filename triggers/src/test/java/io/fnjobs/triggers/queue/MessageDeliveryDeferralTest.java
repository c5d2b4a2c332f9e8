package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fnjobs.common.MutableClock;
import io.fnjobs.common.event.QueueEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.idempotency.Begin;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.JobRunnerFn;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.runtime.DeferralPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Deferred invocations of a queue trigger, on the real embedded SQS (ElasticMQ) and S3 servers: the
 * function is the functions' own job runner ({@link JobRunnerFn}) and another invocation of the
 * message holds its key. The queue's redrive policy moves a message after 2 receives, as many as the
 * trigger's attempts. The retry-after is a real delay on the queue server: but for the test of the
 * delay itself, the trigger is given a policy that waits no time, so that no test waits for the clock.
 */
class MessageDeliveryDeferralTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  @TempDir static Path data;
  private static JobsQueue queue;
  private static S3Client s3;
  private static SqsClient sqs;
  private static SourceQueue jobs;

  private final MutableClock clock = new MutableClock(T0);
  private final JobRunnerFn fn = new JobRunnerFn(s3, "state", clock, Duration.ofSeconds(30));
  private JobsTrigger jobsTrigger;
  private String trigger;
  private RunLog runs;

  @BeforeAll
  static void start() {
    queue = new JobsQueue(data);
    s3 = queue.s3();
    sqs = queue.sqs();
    jobs = queue.jobs();
  }

  @AfterAll
  static void stop() {
    queue.close();
  }

  @BeforeEach
  void newTrigger() {
    jobsTrigger = JobsTrigger.next(queue, "jobs", clock);
    trigger = jobsTrigger.name();
    runs = jobsTrigger.runs();
  }

  @AfterEach
  void stopTrigger() {
    jobsTrigger.close();
  }

  @Test
  void deliver_shouldSendTheMessageAgainDelayedByTheRetryAfter_andDeleteTheOneReceived() {
    TriggerDefinition definition = definition(DeliveryOptions.DEFAULTS);
    FunctionRef function = fn.resolve("fnjobs", "order-processor");
    MessageDelivery delivery = delivery(definition, DeferralPolicy.of(definition, function));
    String id = send("{\"orderId\":\"Q-1\"}");
    fn.holdElsewhere(fn.resolve("fnjobs", "order-processor"), event(id), T0.plus(Duration.ofMinutes(5)));

    delivery.deliver(jobsTrigger.receiveOne());

    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs.url()).waitTimeSeconds(0)).messages())
        .as("delayed by the retry-after, capped at the function's hold of 65 s").isEmpty();
    assertThat(queueAttributes(jobs.url())).containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "1")
        .containsEntry(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0");
    assertThat(runs.recent(trigger, 10)).singleElement()
        .extracting(RunRecord::outcome, RunRecord::retryAfter).containsExactly(Outcome.deferred, "PT5M");
  }

  @Test
  void deliver_shouldNeitherSpendAttemptsNorReceives_whileAnotherInvocationHoldsTheKey_andSucceedOnceItHasFinished() {
    TriggerDefinition definition = definition(new DeliveryOptions(2, Duration.ZERO, Duration.ZERO, 1.0));
    MessageDelivery delivery = delivery(definition, new DeferralPolicy(10, Duration.ZERO, Duration.ZERO));
    String first = send("{\"orderId\":\"Q-2\"}");
    Begin.Lease elsewhere =
        fn.holdElsewhere(fn.resolve("fnjobs", "order-processor"), event(first), T0.plus(Duration.ofMinutes(5)));

    Message last = null;
    for (int deferral = 0; deferral < 4; deferral++) {
      HeldMessages.Held copy = jobsTrigger.receiveOne();
      last = copy.message();
      assertThat(MessageDelivery.receiveCount(last)).as("every copy is received once").isEqualTo(1);
      delivery.deliver(copy);
      clock.advance(Duration.ofSeconds(1));
    }
    fn.finishElsewhere(event(first), elsewhere);
    delivery.deliver(jobsTrigger.receiveOne());

    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs.url()).waitTimeSeconds(0)).messages()).isEmpty();
    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs.deadLetter().url()).waitTimeSeconds(0)).messages()).isEmpty();
    assertThat(DeadLetterAttributes.originalMessageId(last)).isEqualTo(first);
    assertThat(DeadLetterAttributes.deferrals(last)).isEqualTo(3);
    assertThat(DeadLetterAttributes.attemptsBefore(last)).isZero();
    assertThat(fn.calls()).extracting(TriggerEvent::attempt).containsOnly(1);
    assertThat(fn.calls()).extracting(TriggerEvent::idempotencyKey)
        .containsOnly(IdempotencyKeys.forFunction("fnjobs", "order-processor", key(first)));
    assertThat(fn.works()).as("the work ran elsewhere only").isZero();
    assertThat(runs.recent(trigger, 10)).extracting(RunRecord::outcome).containsExactly(Outcome.succeeded,
        Outcome.deferred, Outcome.deferred, Outcome.deferred, Outcome.deferred);
  }

  @Test
  void deliver_shouldCountADeferralAsAFailedAttempt_pastMaxDeferrals_andTheQueueDeadLettersTheMessageAtLast() {
    TriggerDefinition definition = definition(new DeliveryOptions(2, Duration.ZERO, Duration.ZERO, 1.0, 1));
    MessageDelivery delivery = delivery(definition, new DeferralPolicy(1, Duration.ZERO, Duration.ZERO));
    String first = send("{\"orderId\":\"Q-3\"}");
    fn.holdElsewhere(fn.resolve("fnjobs", "order-processor"), event(first), T0.plus(Duration.ofDays(1)));

    for (int call = 0; call < 3; call++) {
      delivery.deliver(jobsTrigger.receiveOne());
      clock.advance(Duration.ofSeconds(1));
    }

    assertThat(runs.recent(trigger, 10)).extracting(RunRecord::attempt, RunRecord::outcome).containsExactly(
        tuple(2, Outcome.failed), tuple(1, Outcome.failed), tuple(1, Outcome.deferred));
    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs.url()).waitTimeSeconds(0)).messages())
        .as("its third receive is one more than the queue allows").isEmpty();
    List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(jobs.deadLetter().url()).waitTimeSeconds(1)
        .messageAttributeNames("All")).messages();
    assertThat(dead).singleElement().satisfies(message -> {
      assertThat(message.body()).isEqualTo("{\"orderId\":\"Q-3\"}");
      assertThat(DeadLetterAttributes.originalMessageId(message)).isEqualTo(first);
    });
  }

  private MessageDelivery delivery(TriggerDefinition definition, DeferralPolicy policy) {
    return jobsTrigger.delivery(definition, fn, fn.flags(), policy, () -> false);
  }

  private TriggerDefinition definition(DeliveryOptions delivery) {
    // the key is the id the message was first sent with, which a copy keeps
    return jobsTrigger.definition(delivery);
  }

  private String send(String body) {
    return jobsTrigger.send(body, Map.of());
  }



  private static String key(String messageId) {
    return IdempotencyKeys.message("jobs", null, messageId);
  }

  /** The event of another invocation of the message, as the holder of its key. */
  private QueueEvent event(String messageId) {
    return TriggerEvent.ofMessage(trigger, messageId, key(messageId), new QueueMessage("jobs", messageId, "{}", 1));
  }

  private static Map<QueueAttributeName, String> queueAttributes(String url) {
    return sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(QueueAttributeName.ALL)).attributes();
  }
}
