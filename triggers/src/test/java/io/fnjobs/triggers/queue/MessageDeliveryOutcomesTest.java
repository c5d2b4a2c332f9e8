package io.fnjobs.triggers.queue;

import io.fnjobs.common.idempotency.IdempotencyKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.fnjobs.common.MutableClock;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.FlagSpec;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.ScriptedFn;
import io.fnjobs.triggers.fixtures.ScriptedFn.Answer;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.runtime.DeferralPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * How a queue trigger settles each kind of answer, on the real embedded SQS (ElasticMQ) and S3
 * servers: the function's cause on the dead letter and the flag, poison, a busy Fn, and the trigger's
 * own message attributes, which only the trigger layer can set. The answers are scripted; the backoff
 * is zero, so that no test waits for the clock.
 */
class MessageDeliveryOutcomesTest {

  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");

  @TempDir static Path data;
  private static JobsQueue queue;
  private static S3Client s3;
  private static SqsClient sqs;
  private static SourceQueue jobs;

  private final MutableClock clock = new MutableClock(T0);
  private final ScriptedFn fn = new ScriptedFn();
  private final StatusFlags flags = new ObjectStoreStatusFlags(new S3ConditionalStore(s3, "state"), clock);
  private JobsTrigger jobsTrigger;
  private String trigger;
  private RunLog runs;
  private AttributeSeal seal;

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
    jobsTrigger = JobsTrigger.next(queue, "outcomes", clock);
    trigger = jobsTrigger.name();
    runs = jobsTrigger.runs();
    seal = jobsTrigger.seal();
  }

  @AfterEach
  void stopTrigger() {
    jobsTrigger.close();
  }

  @Test
  void deliver_shouldRunTheMessageAtAttemptOne_underItsOwnId_whenAProducerSetsTheTriggersAttributes() {
    Map<String, MessageAttributeValue> forged = new LinkedHashMap<>();
    forged.put(DeadLetterAttributes.ATTEMPTS_BEFORE, number(99));
    forged.put(DeadLetterAttributes.ROUND_ATTEMPTS_BEFORE, number(99));
    forged.put(DeadLetterAttributes.DEFERRALS, number(99));
    forged.put(DeadLetterAttributes.ORIGINAL_MESSAGE_ID, text("someone-elses-message"));
    forged.put(AttributeSeal.SIGNATURE, text("c2lnbmVkIGJ5IG5vYm9keQ=="));
    forged.put("tenant", text("t-1"));
    String id = send("{\"orderId\":\"F-1\"}", forged);

    delivery(definition()).deliver(receiveOne());

    assertThat(fn.calls()).singleElement().satisfies(call -> {
      assertThat(call.attempt()).isEqualTo(1);
      assertThat(call.idempotencyKey()).isEqualTo(functionsKey("queue:jobs:message:" + id));
    });
    assertThat(runs.recent(trigger, 10)).extracting(RunRecord::outcome).containsExactly(Outcome.succeeded);
    assertThat(visible(jobs.url())).isEmpty();
    assertThat(visible(jobs.deadLetter().url())).isEmpty();
  }

  @Test
  void deliver_shouldCountOnFromTheAttributes_whenTheTriggerLayerSignedThem() {
    String body = "{\"orderId\":\"F-2\"}";
    send(body, seal.signed(body, Map.of(DeadLetterAttributes.ATTEMPTS_BEFORE, number(3),
        DeadLetterAttributes.ORIGINAL_MESSAGE_ID, text("first-id"))));

    delivery(definition()).deliver(receiveOne());

    assertThat(fn.calls()).singleElement().satisfies(call -> {
      assertThat(call.attempt()).isEqualTo(4);
      assertThat(call.idempotencyKey()).isEqualTo(functionsKey("queue:jobs:message:first-id"));
    });
  }

  @Test
  void deliver_shouldIgnoreTheAttributes_whenAnotherKeySignedThem() {
    String body = "{\"orderId\":\"F-3\"}";
    AttributeSeal other = AttributeSeal.of("another trigger layer's key of 32+ characters", null, clock);
    send(body, other.signed(body, Map.of(DeadLetterAttributes.ATTEMPTS_BEFORE, number(7))));

    delivery(definition()).deliver(receiveOne());

    assertThat(fn.calls()).extracting(TriggerEvent::attempt).containsExactly(1);
  }

  @Test
  void deliver_shouldDeadLetterWithTheCause_andFlagTheOrderFailed_afterTheLastAttemptFailed() {
    TriggerDefinition definition = definition().withFlag(FlagSpec.of("orders", "orderId", "sequence"));
    fn.then(Answer.fail, Answer.fail);
    String id = send("{\"orderId\":\"F-4\",\"sequence\":3}", Map.of());

    delivery(definition).deliver(receiveOne());
    delivery(definition).deliver(receiveOne());

    assertThat(fn.calls()).extracting(TriggerEvent::attempt).containsExactly(1, 2);
    Message dead = onlyDeadLetter();
    assertThat(DeadLetterAttributes.originalMessageId(dead)).isEqualTo(id);
    assertThat(DeadLetterAttributes.text(dead, DeadLetterAttributes.REASON)).startsWith(
        "function-error: failed 2 attempts (the trigger's delivery.maxAttempts); the last: the function failed"
            + " without answering why (Fn answered 502: function failed)");
    assertThat(visible(jobs.url())).isEmpty();
    StatusFlag flag = flags.get("orders", "F-4").orElseThrow();
    assertThat(flag).extracting(StatusFlag::state, StatusFlag::attempt, StatusFlag::eventOrder)
        .containsExactly(FlagState.failed, 2, EventOrder.sequence(3));
    assertThat(flag.error().code()).isEqualTo("function-error");
    assertThat(flag.error().message()).startsWith("failed 2 attempts");
  }

  @Test
  void deliver_shouldDeadLetterAtOnce_withTheFunctionsReason_whenItAnswersPoison() {
    fn.then(Answer.poison);
    send("{\"orderId\":\"F-5\"}", Map.of());

    delivery(definition()).deliver(receiveOne());

    assertThat(fn.calls()).hasSize(1);
    Message dead = onlyDeadLetter();
    assertThat(DeadLetterAttributes.text(dead, DeadLetterAttributes.REASON))
        .isEqualTo(ScriptedFn.POISON_CODE + ": " + ScriptedFn.POISON_MESSAGE);
    assertThat(DeadLetterAttributes.receivesWhenDeadLettered(dead)).isEqualTo(1);
    assertThat(runs.recent(trigger, 10)).extracting(RunRecord::outcome).containsExactly(Outcome.poison);
  }

  @Test
  void deliver_shouldInvokeAgainWithoutSpendingAnAttemptOrAReceive_whileFnIsBusy() {
    fn.then(Answer.busy, Answer.busy, Answer.busy, Answer.succeed);
    send("{\"orderId\":\"F-6\"}", Map.of());

    delivery(definition()).deliver(receiveOne());

    assertThat(fn.calls()).extracting(TriggerEvent::attempt).containsExactly(1, 1, 1, 1);
    // the test's clock stands still: records of one millisecond list in no particular order
    assertThat(runs.recent(trigger, 10)).extracting(RunRecord::attempt, RunRecord::outcome).containsExactlyInAnyOrder(
        tuple(1, Outcome.succeeded), tuple(1, Outcome.throttled), tuple(1, Outcome.throttled),
        tuple(1, Outcome.throttled));
    assertThat(visible(jobs.url())).isEmpty();
    assertThat(visible(jobs.deadLetter().url())).isEmpty();
  }

  @Test
  void deliver_shouldHandTheMessageBackAtOnce_whenTheTriggerStopsWhileFnIsBusy() {
    fn.then(Answer.busy, Answer.busy);
    send("{\"orderId\":\"F-7\"}", Map.of());

    delivery(definition(), () -> !fn.calls().isEmpty()).deliver(receiveOne());

    assertThat(fn.calls()).hasSize(1);
    List<Message> back = visible(jobs.url());
    assertThat(back).as("visible again at once, not after its visibility timeout").hasSize(1);
    assertThat(MessageDelivery.receiveCount(back.get(0))).isEqualTo(2);
  }

  @Test
  void deliver_shouldContinueTheProducersTrace_whenTheMessageCarriesATraceparentAttribute() {
    String traceId = "0af7651916cd43dd8448eb211c80319c";
    send("{\"orderId\":\"T-1\"}", Map.of("traceparent", text("00-" + traceId + "-b7ad6b7169203331-01")));

    delivery(definition()).deliver(receiveOne());

    assertThat(runs.recent(trigger, 10)).singleElement().extracting(RunRecord::traceId).isEqualTo(traceId);
  }

  @Test
  void deliver_shouldStartATraceOfItsOwn_whenTheMessagesTraceparentAttributeIsNoW3CTraceContext() {
    String allZeros = "00-00000000000000000000000000000000-b7ad6b7169203331-01";
    send("{\"orderId\":\"T-2\"}", Map.of("traceparent", text(allZeros)));
    send("{\"orderId\":\"T-3\"}", Map.of("traceparent", text("not a trace context")));

    delivery(definition()).deliver(receiveOne());
    delivery(definition()).deliver(receiveOne());

    assertThat(runs.recent(trigger, 10)).extracting(RunRecord::traceId).hasSize(2)
        .allSatisfy(traceId -> assertThat(traceId).matches("[0-9a-f]{32}").isNotEqualTo("0".repeat(32)))
        .doesNotHaveDuplicates();
  }

  private MessageDelivery delivery(TriggerDefinition definition) {
    return delivery(definition, () -> false);
  }

  private MessageDelivery delivery(TriggerDefinition definition, BooleanSupplier stopping) {
    return jobsTrigger.delivery(definition, fn, flags, new DeferralPolicy(10, Duration.ZERO, Duration.ZERO), stopping);
  }

  private TriggerDefinition definition() {
    return jobsTrigger.definition(new DeliveryOptions(2, Duration.ZERO, Duration.ZERO, 1.0));
  }

  private String send(String body, Map<String, MessageAttributeValue> attributes) {
    return jobsTrigger.send(body, attributes);
  }

  private HeldMessages.Held receiveOne() {
    return jobsTrigger.receiveOne();
  }

  private static Message onlyDeadLetter() {
    List<Message> dead = sqs.receiveMessage(r -> r.queueUrl(jobs.deadLetter().url()).waitTimeSeconds(1)
        .messageAttributeNames("All")).messages();
    assertThat(dead).hasSize(1);
    return dead.get(0);
  }

  private List<Message> visible(String url) {
    return jobsTrigger.visible(url);
  }

  private static MessageAttributeValue number(int value) {
    return MessageAttributeValue.builder().dataType("Number").stringValue(String.valueOf(value)).build();
  }

  private static MessageAttributeValue text(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  /** The key in the namespace of the function the test's trigger invokes. */
  private static String functionsKey(String eventKey) {
    return IdempotencyKeys.forFunction("fnjobs", "order-processor", eventKey);
  }
}
