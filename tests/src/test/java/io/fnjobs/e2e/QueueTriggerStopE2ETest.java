package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.e2e.ProbeRecorder.Invocation;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * A graceful stop of the queue trigger: the invocation in progress finishes, the messages held but
 * not started go back to the queue at once, and no long poll holds the stop up.
 */
class QueueTriggerStopE2ETest {

  private static final String RESOURCES = """
      buckets:
        - name: state
      queues:
        - name: idle
          deadLetter: {queue: slow-dlq, maxReceiveCount: 5}
        - name: slow
          visibilityTimeout: PT120S
          deadLetter: {queue: slow-dlq, maxReceiveCount: 5}
        - name: slow-dlq
      """;

  @TempDir Path temp;

  @Test
  void stop_shouldFinishTheInvocationInProgress_andReleaseTheRestOfTheBatchAtOnce() throws Exception {
    try (ProbeRecorder recorder = new ProbeRecorder()) {
      // a 2-minute visibility: released messages must come back long before it would lapse. The one
      // consumer long-polls the first queue, idle, and takes from slow with a receive that does not
      // wait: all three messages come in one batch
      Path repo = ProbeRepo.create(temp.resolve("repo"), recorder.uri(), RESOURCES,
          Map.of("slow.yaml", ProbeRepo.queueTrigger("slow", "[idle, slow]", 1, 10, "PT120S", 5)));
      StackOptions options = StackOptions.builder().repoDir(repo).dataDir(temp.resolve("data")).allPorts(0)
          .stopWait(Duration.ofSeconds(15)).build();
      EmbeddedStack stack = EmbeddedStack.start(options);
      try (SqsClient sqs = StackClients.sqs(stack)) {
        String slow = sqs.getQueueUrl(r -> r.queueName("slow")).queueUrl();
        sqs.sendMessageBatch(r -> r.queueUrl(slow).entries(entry("1", "{\"id\":\"first\",\"gate\":\"first\"}"),
            entry("2", "{\"id\":\"second\"}"), entry("3", "{\"id\":\"third\"}")));
        recorder.awaitStarted("first", Duration.ofSeconds(90));
        assertThat(recorder.invocationsOf("second")).as("one batch, delivered one after the other").isEmpty();
      }

      Instant stopping = Instant.now();
      Thread opener = new Thread(() -> {
        OrderSupport.sleep(1500);
        recorder.open("first");
      });
      opener.start();
      stack.close();
      Duration stopTook = Duration.between(stopping, Instant.now());

      assertThat(recorder.invocationsOf("first")).singleElement().extracting(Invocation::outcome).isEqualTo("succeeded");
      assertThat(recorder.invocationsOf("second")).isEmpty();
      assertThat(recorder.invocationsOf("third")).isEmpty();
      assertThat(stopTook).as("the invocation in progress, not a long poll or the stop wait").isLessThan(Duration.ofSeconds(12));

      Instant restarted = Instant.now();
      try (EmbeddedStack again = EmbeddedStack.start(options)) {
        recorder.await("second", 1, Duration.ofSeconds(40));
        recorder.await("third", 1, Duration.ofSeconds(40));
        assertThat(Duration.between(restarted, Instant.now())).as("back at once, not after the 2-minute visibility")
            .isLessThan(Duration.ofSeconds(60));
        // 2 when the first receive took it in the batch and the stop released it; 1 when ElasticMQ handed out
        // a smaller batch on a loaded machine and it was never taken before the stop
        assertThat(recorder.invocationsOf("second")).singleElement().extracting(Invocation::attempt)
            .isIn(1, 2);
        assertThat(recorder.invocationsOf("first")).hasSize(1);
      }
    }
  }

  private static SendMessageBatchRequestEntry entry(String id, String body) {
    return SendMessageBatchRequestEntry.builder().id(id).messageBody(body).build();
  }
}
