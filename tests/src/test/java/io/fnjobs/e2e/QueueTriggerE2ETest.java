package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.e2e.ProbeRecorder.Invocation;
import io.fnjobs.e2e.StackClients.Answer;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The queue trigger on the embedded stack, driving a probe function that reports every invocation
 * and fails, rejects or takes its time as each message asks: batches, heartbeat, attempts and
 * backoff, dead-lettering, priority, and the dead-letter tooling of the admin endpoint.
 */
@MostlyWaits
class QueueTriggerE2ETest {

  private static final String RESOURCES = """
      buckets:
        - name: state
      queues:
        - name: routine
          visibilityTimeout: PT30S
          deadLetter: {queue: jobs-dlq, maxReceiveCount: 3}
        - name: lenient
          deadLetter: {queue: jobs-dlq, maxReceiveCount: 10}
        - name: vip
          deadLetter: {queue: priority-dlq, maxReceiveCount: 3}
        - name: bulk
          deadLetter: {queue: priority-dlq, maxReceiveCount: 3}
        - name: jobs-dlq
        - name: priority-dlq
      """;
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path temp;
  private static ProbeRecorder recorder;
  private static EmbeddedStack stack;
  private static SqsClient sqs;

  @BeforeAll
  static void start() throws Exception {
    recorder = new ProbeRecorder();
    Path repo = ProbeRepo.create(temp.resolve("repo"), recorder.uri(), RESOURCES, Map.of(
        "probe.yaml", ProbeRepo.queueTrigger("probe", "[routine]", 2, 5, "PT2S", 3),
        "lenient.yaml", ProbeRepo.queueTrigger("lenient-probe", "[lenient]", 1, 5, "PT30S", 2),
        "priority.yaml", ProbeRepo.queueTrigger("priority-probe", "[vip, bulk]", 1, 5, "PT30S", 3)));
    stack = EmbeddedStack.start(StackOptions.builder().repoDir(repo).dataDir(temp.resolve("data")).allPorts(0).build());
    sqs = StackClients.sqs(stack);
    // the probe's first invocation starts its container: the tests time warm ones
    send("routine", "{\"id\":\"warm-up\"}");
    recorder.await("warm-up", 1, Duration.ofSeconds(90));
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      sqs.close();
      stack.close();
    }
    if (recorder != null) {
      recorder.close();
    }
  }

  @Test
  void batch_shouldSettleEachMessageOnItsOwn_whenOneOfTheBatchFails() {
    sqs.sendMessageBatch(r -> r.queueUrl(url("routine")).entries(
        entry("1", "{\"id\":\"batch-a\"}"), entry("2", "{\"id\":\"batch-b\",\"fail\":1}"), entry("3", "{\"id\":\"batch-c\"}")));

    List<Invocation> failing = recorder.await("batch-b", 2, WAIT);

    assertThat(failing).extracting(Invocation::attempt, Invocation::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "fail"), org.assertj.core.groups.Tuple.tuple(2, "succeeded"));
    assertThat(Duration.between(failing.get(0).ended(), failing.get(1).started()))
        .as("the backoff after attempt 1").isGreaterThanOrEqualTo(Duration.ofMillis(900));
    assertThat(failing.get(1).idempotencyKey()).isEqualTo(failing.get(0).idempotencyKey())
        .isEqualTo("fn:fnjobs/probe:queue:routine:batch-b");
    OrderSupport.awaitEmpty(sqs, url("routine"), WAIT);
    assertThat(recorder.invocationsOf("batch-a")).hasSize(1);
    assertThat(recorder.invocationsOf("batch-c")).hasSize(1);
  }

  @Test
  void heartbeat_shouldKeepASlowInvocationsMessageFromTheOtherConsumer() {
    // a 2-second visibility timeout and a 6-second invocation, with a second consumer polling all along
    send("routine", "{\"id\":\"slow\",\"sleep\":6000}");

    recorder.await("slow", 1, WAIT);
    OrderSupport.awaitEmpty(sqs, url("routine"), WAIT);

    assertThat(recorder.invocationsOf("slow")).singleElement().extracting(Invocation::attempt).isEqualTo(1);
  }

  @Test
  void failures_shouldReachTheFunctionAsAttempts_andEndInTheDeadLetterQueue_afterMaxAttempts() {
    send("routine", "{\"id\":\"hopeless\",\"fail\":99}");

    List<Invocation> attempts = recorder.await("hopeless", 3, WAIT);
    OrderSupport.awaitEmpty(sqs, url("routine"), WAIT);

    assertThat(attempts).extracting(Invocation::attempt).containsExactly(1, 2, 3);
    assertThat(Duration.between(attempts.get(1).ended(), attempts.get(2).started()))
        .as("the backoff after attempt 2").isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(deadLetter("routine", "hopeless")).isNotNull();
    assertThat(recorder.invocationsOf("hopeless")).hasSize(3);
  }

  @Test
  void rejection_shouldDeleteTheMessageAtOnce_withoutRetryOrDeadLetter() {
    send("routine", "{\"id\":\"refused\",\"reject\":true}");

    recorder.await("refused", 1, WAIT);
    OrderSupport.awaitEmpty(sqs, url("routine"), WAIT);

    assertThat(recorder.invocationsOf("refused")).singleElement().extracting(Invocation::outcome).isEqualTo("rejected");
    assertThat(deadLetters("routine")).noneMatch(letter -> letter.path("body").asText().contains("refused"));
  }

  @Test
  void maxAttempts_shouldDeadLetterWithTheReason_whenTheQueueWouldAllowMoreReceives() {
    send("lenient", "{\"id\":\"lenient\",\"fail\":99}");

    recorder.await("lenient", 2, WAIT);
    OrderSupport.awaitEmpty(sqs, url("lenient"), WAIT);

    JsonNode letter = deadLetter("lenient", "lenient");
    assertThat(letter.path("reason").asText()).isEqualTo("function-error: failed 2 attempts (the trigger's"
        + " delivery.maxAttempts); the last: the function failed without answering why (Fn answered 502: function"
        + " failed); its own error is in its log");
    assertThat(letter.path("attributes").path("fnjobs-receive-count").asText()).as("after its last attempt")
        .isEqualTo("2");
    assertThat(recorder.invocationsOf("lenient")).hasSize(2);
  }

  @Test
  void redrive_shouldGiveADeadLetterANewRoundOfAttempts_underTheSameIdempotencyKey() {
    send("routine", "{\"id\":\"second-chance\",\"fail\":3}");
    List<Invocation> failed = recorder.await("second-chance", 3, WAIT);
    OrderSupport.awaitEmpty(sqs, url("routine"), WAIT);
    String deadId = deadLetter("routine", "second-chance").path("messageId").asText();

    Answer redrive = StackClients.post(stack.triggersUri().resolve("/dead-letters/queues/routine/redrive?messageId=" + deadId), "");

    assertThat(redrive.status()).as(redrive.text()).isEqualTo(200);
    assertThat(redrive.json().path("moved").asInt()).isEqualTo(1);
    Invocation again = recorder.await("second-chance", 4, WAIT).get(3);
    assertThat(again.outcome()).isEqualTo("succeeded");
    assertThat(again.attempt()).as("counting on from the three of the first round").isEqualTo(4);
    assertThat(again.idempotencyKey()).isEqualTo(failed.get(0).idempotencyKey());
    assertThat(deadLetters("routine")).noneMatch(letter -> letter.path("body").asText().contains("second-chance"));
  }

  @Test
  void priority_shouldDrainTheHigherQueueFirst_whenBothHaveMessages() {
    send("bulk", "{\"id\":\"gate\",\"gate\":\"priority\"}");
    recorder.awaitStarted("gate", WAIT);
    List<SendMessageBatchRequestEntry> bulk = new ArrayList<>();
    List<SendMessageBatchRequestEntry> vip = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      bulk.add(entry("b" + i, "{\"id\":\"bulk-" + i + "\"}"));
      vip.add(entry("v" + i, "{\"id\":\"vip-" + i + "\"}"));
    }
    sqs.sendMessageBatch(r -> r.queueUrl(url("bulk")).entries(bulk));
    sqs.sendMessageBatch(r -> r.queueUrl(url("vip")).entries(vip));

    recorder.open("priority");
    for (int i = 0; i < 4; i++) {
      recorder.await("bulk-" + i, 1, WAIT);
      recorder.await("vip-" + i, 1, WAIT);
    }

    List<String> order = recorder.all().stream().map(Invocation::id)
        .filter(id -> id.startsWith("bulk-") || id.startsWith("vip-")).toList();
    assertThat(order.subList(0, 4)).allMatch(id -> id.startsWith("vip-"));
    assertThat(order.subList(4, 8)).allMatch(id -> id.startsWith("bulk-"));
  }

  @Test
  void deadLetters_shouldAnswer409_whenTheDeadLetterQueueServesSeveralQueues() {
    Answer answer = StackClients.get(stack.triggersUri().resolve("/dead-letters/queues/priority-dlq"));

    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.json().path("error").asText()).contains("vip", "bulk");
  }

  private static JsonNode deadLetter(String queue, String id) {
    return deadLetters(queue).stream().filter(letter -> letter.path("body").asText().contains("\"" + id + "\""))
        .findFirst().orElseThrow(() -> new AssertionError("no dead letter of " + id + " for " + queue));
  }

  private static List<JsonNode> deadLetters(String queue) {
    Answer listing = StackClients.get(stack.triggersUri().resolve("/dead-letters/queues/" + queue));
    assertThat(listing.status()).as(listing.text()).isEqualTo(200);
    return StreamSupport.stream(listing.json().path("messages").spliterator(), false).toList();
  }

  private static void send(String queue, String body) {
    sqs.sendMessage(r -> r.queueUrl(url(queue)).messageBody(body));
  }

  private static String url(String queue) {
    return sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
  }

  private static SendMessageBatchRequestEntry entry(String id, String body) {
    return SendMessageBatchRequestEntry.builder().id(id).messageBody(body).build();
  }
}
