package io.fnjobs.e2e;

import static io.fnjobs.e2e.OrderSupport.awaitFlag;
import static io.fnjobs.e2e.OrderSupport.place;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.e2e.StackClients.Answer;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An order the function never gets to flag: the order-processor cannot start (its sender is set to
 * something that is not an address), so every invocation fails before the function writes anything,
 * and Fn says no more than {@code function failed}. The shipped trigger gives the order up after its
 * attempts, and the order's flag, which the caller polls, says so, with what the trigger layer saw.
 */
@MostlyWaits
class GivenUpE2ETest {

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static S3Client s3;
  private static SqsClient sqs;

  @BeforeAll
  static void start() {
    stack = EmbeddedStack.start(StackOptions.builder().repoDir(Path.of("..")).dataDir(data).allPorts(0)
        .withEnvironment(Map.of("FNJOBS_FN_CONFIG_FNJOBS_MAIL_FROM", "not an address")).build());
    s3 = StackClients.s3(stack);
    sqs = StackClients.sqs(stack);
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      s3.close();
      sqs.close();
      stack.close();
    }
  }

  @Test
  void sendMessage_shouldEndWithAFailedFlagAndADeadLetterSayingWhy_whenTheFunctionNeverRan() {
    String body = place("E-NEVER-1", 2, "never@example.com", "MUG-1", 1);
    String orders = sqs.getQueueUrl(r -> r.queueName("orders")).queueUrl();

    String id = sqs.sendMessage(r -> r.queueUrl(orders).messageBody(body)).messageId();

    JsonNode flag = awaitFlag(s3, "E-NEVER-1", OrderSupport.state("failed"), Duration.ofSeconds(90));
    assertThat(flag.path("attempt").asInt()).isEqualTo(5);
    assertThat(flag.path("eventOrder").path("sequence").asInt()).isEqualTo(2);
    assertThat(flag.path("error").path("code").asText()).isEqualTo("function-error");
    assertThat(flag.path("error").path("message").asText()).startsWith("failed 5 attempts (the trigger's"
        + " delivery.maxAttempts); the last: the function failed without answering why (Fn answered 502");
    JsonNode letter = deadLetter(id);
    assertThat(letter.path("body").asText()).isEqualTo(body);
    assertThat(letter.path("reason").asText()).isEqualTo("function-error: " + flag.path("error").path("message").asText());
    assertThat(runs(id)).extracting(run -> run.path("outcome").asText() + " " + run.path("fnStatus").asInt())
        .containsOnly("failed 502").hasSize(5);
  }

  private static JsonNode deadLetter(String firstId) {
    Answer listing = StackClients.get(stack.triggersUri().resolve("/dead-letters/queues/orders"));
    assertThat(listing.status()).as(listing.text()).isEqualTo(200);
    return StreamSupport.stream(listing.json().path("messages").spliterator(), false)
        .filter(message -> message.path("originalMessageId").asText().equals(firstId)).findFirst()
        .orElseThrow(() -> new AssertionError("not in orders-dlq: " + firstId + "; it holds " + listing.text()));
  }

  private static List<JsonNode> runs(String eventId) {
    Answer runs = StackClients.get(stack.triggersUri().resolve("/runs?trigger=orders-from-queue&limit=50"));
    return StreamSupport.stream(runs.json().path("runs").spliterator(), false)
        .filter(run -> run.path("eventId").asText().equals(eventId)).toList();
  }
}
