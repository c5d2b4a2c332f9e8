package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.MutableClock;
import io.fnjobs.common.event.QueueEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.idempotency.Begin;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.fixtures.JobRunnerFn;
import io.fnjobs.triggers.fixtures.ScriptedFn;
import io.fnjobs.triggers.fixtures.ScriptedFn.Answer;
import io.fnjobs.triggers.fn.FnClient;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.runtime.DeferralPolicy;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.runtime.ListenerState;
import io.fnjobs.triggers.runtime.SharedClients;
import io.fnjobs.triggers.runtime.TriggerContext;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A queue trigger on a FIFO queue of the real embedded SQS (ElasticMQ), with its FIFO dead-letter queue
 * (after 3 receives); each test has queues of its own, since a stopped trigger's last long poll may
 * still take a message on the server's side. The function's
 * answers are scripted per message ({@link ScriptedFn}: which message fails is the point), or it is the
 * functions' own job runner, whose key another invocation holds ({@link JobRunnerFn}).
 */
class FifoQueueTest {

  private static final AtomicInteger TRIGGERS = new AtomicInteger();
  // a failed attempt hides the message for 1 s: long against the other group's five deliveries
  private static final DeliveryOptions THREE_ATTEMPTS =
      new DeliveryOptions(3, Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0);

  @TempDir static Path data;
  private static JobsQueue queue;
  private static S3Client s3;
  private static SqsClient sqs;
  private SourceQueue jobs;

  private final Clock clock = Clock.systemUTC();
  private final RunLog runs = new ObjectStoreRunLog(s3, "state", clock);
  private final S3ConditionalStore state = new S3ConditionalStore(s3, "state");
  private final StatusFlags flags = new ObjectStoreStatusFlags(state, clock);
  private final DeadLetterQueues deadLetters =
      new DeadLetterQueues(sqs, new RedriveLog(state), AttributeSeal.of("", state, clock), clock);
  private String trigger;
  private QueueListener listener;

  @BeforeAll
  static void start() {
    queue = new JobsQueue(data);
    s3 = queue.s3();
    sqs = queue.sqs();
  }

  @AfterAll
  static void stop() {
    queue.close();
  }

  @BeforeEach
  void createQueues() {
    trigger = "fifo-" + TRIGGERS.incrementAndGet();
    String deadLetterUrl = sqs.createQueue(r -> r.queueName(trigger + "-dlq.fifo")
        .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
    String arn = sqs.getQueueAttributes(r -> r.queueUrl(deadLetterUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    sqs.createQueue(r -> r.queueName(trigger + ".fifo").attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true",
        QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + arn + "\",\"maxReceiveCount\":\"3\"}")));
    jobs = QueueEndpoints.resolve(sqs, trigger + ".fifo");
  }

  @AfterEach
  void stopListener() {
    if (listener != null) {
      listener.stop(Duration.ofSeconds(2));
    }
  }

  @Test
  void consumers_shouldRunTheOtherGroupInOrder_whileAGroupRetries_andGoOnWithTheGroupOnceItsFailingMessageIsDeadLettered() {
    ScriptedFn fn = new ScriptedFn()
        .forBody(body("flaky", 1), Answer.failWithCause, Answer.succeed)
        .forBody(body("flaky", 2), Answer.failWithCause, Answer.failWithCause, Answer.failWithCause);
    for (int n = 1; n <= 3; n++) {
      send("flaky", body("flaky", n));
    }
    for (int n = 1; n <= 5; n++) {
      send("steady", body("steady", n));
    }

    listen(fn, 2, THREE_ATTEMPTS);
    Eventually.within(Duration.ofSeconds(20), () -> fn.calls().size() == 11);

    List<String> steady = bodies(fn, "steady");
    List<String> flaky = bodies(fn, "flaky");
    assertThat(steady).containsExactly(body("steady", 1), body("steady", 2), body("steady", 3), body("steady", 4),
        body("steady", 5));
    assertThat(flaky).as("retried in place, dead-lettered, then the group goes on").containsExactly(
        body("flaky", 1), body("flaky", 1), body("flaky", 2), body("flaky", 2), body("flaky", 2), body("flaky", 3));
    assertThat(attempts(fn, body("flaky", 2))).as("one receive per attempt, none spent on waiting")
        .containsExactly(1, 2, 3);
    assertThat(fn.calls().indexOf(last(fn, body("steady", 5))))
        .as("the steady group was done before the flaky one's first retry, 1 s later")
        .isLessThan(fn.calls().lastIndexOf(last(fn, body("flaky", 1))));

    Message dead = receiveOne(jobs.deadLetter().url());
    assertThat(dead.body()).isEqualTo(body("flaky", 2));
    assertThat(dead.attributes()).containsEntry(MessageSystemAttributeName.MESSAGE_GROUP_ID, "flaky");
    assertThat(DeadLetterAttributes.text(dead, DeadLetterAttributes.REASON))
        .startsWith(ScriptedFn.CAUSE_CODE + ": failed 3 attempts (the trigger's delivery.maxAttempts)");
    Eventually.within(Duration.ofSeconds(10), () -> runs.recent(trigger, 20).size() == 11);
    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs.url()).waitTimeSeconds(0)).messages()).isEmpty();
  }

  @Test
  void redrive_shouldSendADeadLetterBackToItsGroup_whereTheTriggerRunsIt() {
    ScriptedFn fn = new ScriptedFn().forBody(body("poisoned", 1), Answer.poison);
    send("poisoned", body("poisoned", 1));
    listen(fn, 1, THREE_ATTEMPTS);
    Eventually.within(Duration.ofSeconds(10), () -> waiting(jobs.deadLetter().url()) == 1);

    DeadLetterQueues.RedriveReport report = deadLetters.redrive(jobs, jobs.deadLetter(), 10, null);

    assertThat(report.moved()).isEqualTo(1);
    Eventually.within(Duration.ofSeconds(10), () -> fn.calls().size() == 2);
    assertThat(runs.recent(trigger, 10)).extracting(RunRecord::outcome)
        .containsExactly(Outcome.succeeded, Outcome.poison);
    assertThat(fn.calls().get(1).attempt()).as("counts on from its first round").isEqualTo(2);
  }

  @Test
  void deliver_shouldHoldADeferredMessageInItsGroup_andInvokeItAgain_withoutSpendingAReceive() {
    MutableClock time = new MutableClock(Instant.now());
    JobRunnerFn fn = new JobRunnerFn(s3, "state", time, Duration.ofSeconds(30));
    TriggerDefinition definition = definition(1, DeliveryOptions.DEFAULTS);
    send("held", body("held", 1));
    send("held", body("held", 2));
    HeldMessages.Held first = receiveHeld(definition);
    QueueEvent holder = TriggerEvent.ofMessage(trigger, first.message().messageId(),
        IdempotencyKeys.message(jobs.name(), null, first.message().messageId()), new TriggerEvent.QueueMessage(jobs.name(),
            first.message().messageId(), first.message().body(), 1));
    Begin.Lease elsewhere = fn.holdElsewhere(fn.resolve("fnjobs", "fn"), holder, time.instant().plusSeconds(60));
    Thread finisher = new Thread(() -> {
      // once two deferrals are recorded, not once two calls began: a call counts as it starts, and the
      // second one could otherwise find the key given up and succeed
      Eventually.within(Duration.ofSeconds(10), () -> runs.recent(trigger, 10).size() == 2);
      fn.finishElsewhere(holder, elsewhere);
    });
    finisher.start();

    new MessageDelivery(definition, fn.resolve("fnjobs", "fn"), new Invoker(fn, runs, fn.flags(), clock), sqs,
        deadLetters, new DeferralPolicy(10, Duration.ofMillis(500), Duration.ofMillis(500)), () -> false).deliver(first);

    assertThat(runs.recent(trigger, 10)).extracting(RunRecord::outcome)
        .containsExactly(Outcome.succeeded, Outcome.deferred, Outcome.deferred);
    assertThat(fn.calls()).extracting(TriggerEvent::attempt).containsOnly(1);
    Message next = receiveHeld(definition).message();
    assertThat(next.body()).as("the group's next message, once the first is settled").isEqualTo(body("held", 2));
    assertThat(sqs.receiveMessage(r -> r.queueUrl(jobs.deadLetter().url()).waitTimeSeconds(0)).messages()).isEmpty();
  }

  private void listen(FnClient fn, int concurrency, DeliveryOptions delivery) {
    TriggerDefinition definition = definition(concurrency, delivery);
    EndpointSettings endpoint = EndpointSettings.local(URI.create(jobs.url()).resolve("/"), "x", "x");
    TriggerLayerOptions options = TriggerLayerOptions.builder().s3(endpoint).sqs(endpoint).build();
    TriggerContext context = new TriggerContext(options, s3, new SharedClients().with(SqsClient.class, sqs), new Invoker(fn, runs, flags, clock), runs, clock);
    listener = new QueueListener(definition, fn.resolve("fnjobs", "fn"), context, deadLetters);
    listener.start();
    Eventually.within(Duration.ofSeconds(10), () -> listener.state() == ListenerState.connected);
  }

  private TriggerDefinition definition(int concurrency, DeliveryOptions delivery) {
    // batches of 10 asked for: a FIFO queue is received one message at a time all the same
    return new TriggerDefinition(Path.of(trigger + ".yaml"), trigger, "", "fnjobs", "fn",
        new QueueSource(List.of(jobs.name()), 10, concurrency, Duration.ofSeconds(1), Duration.ofSeconds(30), List.of()),
        List.of(), delivery);
  }

  private HeldMessages.Held receiveHeld(TriggerDefinition definition) {
    Heartbeat heartbeat = new Heartbeat(sqs, Duration.ofSeconds(30), trigger);
    List<Message> messages = new PriorityPoller(sqs, List.of(jobs), definition.source(QueueSource.class),
        Duration.ofSeconds(1)).poll(0).messages();
    assertThat(messages).hasSize(1);
    return new HeldMessages(sqs, heartbeat, trigger).hold(jobs, messages.get(0));
  }

  private static int waiting(String url) {
    return Integer.parseInt(sqs.getQueueAttributes(r -> r.queueUrl(url)
        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
        .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }

  private static String body(String group, int n) {
    return "{\"group\":\"" + group + "\",\"n\":" + n + "}";
  }

  private void send(String group, String body) {
    sqs.sendMessage(r -> r.queueUrl(jobs.url()).messageBody(body).messageGroupId(group)
        .messageDeduplicationId(UUID.randomUUID().toString()));
  }

  private List<String> bodies(ScriptedFn fn, String group) {
    return fn.calls().stream().map(call -> ((QueueEvent) call).message().body()).filter(body -> body.contains("\"" + group + "\""))
        .toList();
  }

  private static List<Integer> attempts(ScriptedFn fn, String body) {
    return fn.calls().stream().filter(call -> ((QueueEvent) call).message().body().equals(body)).map(TriggerEvent::attempt).toList();
  }

  private static QueueEvent last(ScriptedFn fn, String body) {
    return fn.calls().stream().filter(call -> ((QueueEvent) call).message().body().equals(body)).reduce((a, b) -> b).map(QueueEvent.class::cast).orElseThrow();
  }

  private Message receiveOne(String url) {
    List<Message> messages = sqs.receiveMessage(r -> r.queueUrl(url).waitTimeSeconds(1).messageAttributeNames("All")
        .messageSystemAttributeNames(MessageSystemAttributeName.MESSAGE_GROUP_ID)).messages();
    assertThat(messages).hasSize(1);
    return messages.get(0);
  }
}
