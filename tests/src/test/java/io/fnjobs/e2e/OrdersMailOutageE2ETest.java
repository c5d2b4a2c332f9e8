package io.fnjobs.e2e;

import static io.fnjobs.e2e.OrderSupport.awaitFlag;
import static io.fnjobs.e2e.OrderSupport.place;
import static io.fnjobs.e2e.OrderSupport.settled;
import static io.fnjobs.e2e.OrderSupport.state;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.e2e.StackClients.Answer;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The mail server down while an order comes: the order is retried with backoff, goes to
 * {@code orders-dlq} after its five attempts with its flag {@code failed}; once the mail server is back
 * and the dead letter redriven through the admin endpoint, the order is confirmed with one mail.
 */
class OrdersMailOutageE2ETest {

  @TempDir Path data;

  @Test
  void order_shouldBeDeadLetteredAndFlaggedFailed_andConfirmedWithOneMailOnceRedriven() throws Exception {
    try (EmbeddedStack stack = EmbeddedStack.start(
            StackOptions.builder().repoDir(Path.of("..")).dataDir(data).allPorts(0).build());
        S3Client s3 = StackClients.s3(stack);
        SqsClient sqs = StackClients.sqs(stack)) {
      String orders = sqs.getQueueUrl(r -> r.queueName("orders")).queueUrl();
      OrderSupport.stock(s3, "OUT-1", 3);
      stack.stopMail();

      sqs.sendMessage(r -> r.queueUrl(orders).messageBody(place("M-1", 1, "outage@example.com", "OUT-1", 1)));

      JsonNode failed = awaitFlag(s3, "M-1", flag -> state("failed").test(flag) && flag.path("attempt").asInt() == 5,
          Duration.ofSeconds(120));
      assertThat(failed.path("error").path("code").asText()).isEqualTo("MailDeliveryException");
      OrderSupport.awaitEmpty(sqs, orders, Duration.ofSeconds(30));
      JsonNode letter = deadLetter(stack, "M-1");
      assertThat(letter.path("receiveCount").asInt()).isGreaterThanOrEqualTo(1);
      assertThat(runs(stack, letter.path("messageId").asText())).extracting(run -> run.path("attempt").asInt())
          .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
      assertThat(OrderSupport.order(s3, "M-1").orElseThrow().path("status").asText())
          .as("reserved and confirmed, its mail not sent").isEqualTo("confirmed");

      stack.startMail();
      Answer redrive = StackClients.post(stack.triggersUri().resolve("/dead-letters/queues/orders/redrive"), "");

      assertThat(redrive.status()).as(redrive.text()).isEqualTo(200);
      assertThat(redrive.json().path("moved").asInt()).isEqualTo(1);
      JsonNode confirmed = awaitFlag(s3, "M-1", settled(), Duration.ofSeconds(30));
      assertThat(confirmed.path("state").asText()).isEqualTo("succeeded");
      assertThat(confirmed.path("attempt").asInt()).as("counting on from the five of the first round").isEqualTo(6);
      assertThat(confirmed.path("result").path("status").asText()).isEqualTo("confirmed");
      List<OrderSupport.Mail> mails = OrderSupport.mails(stack, "outage@example.com");
      assertThat(mails).extracting(OrderSupport.Mail::messageId)
          .containsExactly(confirmed.path("result").path("messageId").asText());
      assertThat(OrderSupport.stockOf(s3, "OUT-1").path("available").asInt()).isEqualTo(2);
      assertThat(StackClients.get(stack.triggersUri().resolve("/dead-letters/queues/orders")).json().path("count").asInt())
          .isZero();
    }
  }

  private static JsonNode deadLetter(EmbeddedStack stack, String orderId) {
    Answer listing = StackClients.get(stack.triggersUri().resolve("/dead-letters/queues/orders-dlq"));
    assertThat(listing.status()).as(listing.text()).isEqualTo(200);
    return StreamSupport.stream(listing.json().path("messages").spliterator(), false)
        .filter(message -> message.path("body").asText().contains("\"" + orderId + "\"")).findFirst()
        .orElseThrow(() -> new AssertionError("order " + orderId + " is not in orders-dlq: " + listing.text()));
  }

  private static List<JsonNode> runs(EmbeddedStack stack, String eventId) {
    Answer runs = StackClients.get(stack.triggersUri().resolve("/runs?trigger=orders-from-queue&limit=50"));
    return StreamSupport.stream(runs.json().path("runs").spliterator(), false)
        .filter(run -> run.path("eventId").asText().equals(eventId)).toList();
  }
}
