package io.fnjobs.e2e;

import static io.fnjobs.e2e.OrderSupport.awaitEmpty;
import static io.fnjobs.e2e.OrderSupport.awaitFlag;
import static io.fnjobs.e2e.OrderSupport.cancel;
import static io.fnjobs.e2e.OrderSupport.place;
import static io.fnjobs.e2e.OrderSupport.settled;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.e2e.StackClients.Answer;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Orders sent to the {@code orders} queue of the embedded stack, as an application sends them, with
 * the shipped trigger definition and queues: what ends up in the flags, the stored orders, the stock,
 * the dead-letter queue and the customers' mailboxes, also while the mail server is down.
 */
@MostlyWaits
class OrdersE2ETest {

  private static final Duration SETTLED = Duration.ofSeconds(30);

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static S3Client s3;
  private static SqsClient sqs;
  private static String orders;

  @BeforeAll
  static void start() {
    stack = EmbeddedStack.start(StackOptions.builder().repoDir(Path.of("..")).dataDir(data).allPorts(0).build());
    s3 = StackClients.s3(stack);
    sqs = StackClients.sqs(stack);
    orders = sqs.getQueueUrl(r -> r.queueName("orders")).queueUrl();
    // the first order starts the function's containers (a cold start): the tests time warm ones
    OrderSupport.stock(s3, "E2E-WARM", 10);
    List<SendMessageBatchRequestEntry> warmUp = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      warmUp.add(entry("w" + i, place("E-WARM-" + i, 1, "warm@example.com", "E2E-WARM", 1)));
    }
    sqs.sendMessageBatch(r -> r.queueUrl(orders).entries(warmUp));
    for (int i = 0; i < 4; i++) {
      awaitFlag(s3, "E-WARM-" + i, settled(), Duration.ofSeconds(90));
    }
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
  void sendMessage_shouldConfirmStoreAndMailOnce_withinTwoSeconds() throws Exception {
    OrderSupport.stock(s3, "E2E-MUG", 5);
    String body = place("E-1", 1, "ann@example.com", "E2E-MUG", 2);

    sqs.sendMessage(r -> r.queueUrl(orders).messageBody(body));

    JsonNode flag = awaitFlag(s3, "E-1", settled(), Duration.ofSeconds(2));
    assertThat(flag.path("state").asText()).isEqualTo("succeeded");
    assertThat(flag.path("result").path("status").asText()).isEqualTo("confirmed");
    JsonNode order = OrderSupport.order(s3, "E-1").orElseThrow();
    assertThat(order.path("status").asText()).isEqualTo("confirmed");
    assertThat(order.path("total").asText()).isEqualTo("25.00");
    assertThat(OrderSupport.stockOf(s3, "E2E-MUG").path("available").asInt()).isEqualTo(3);
    List<OrderSupport.Mail> mails = OrderSupport.mails(stack, "ann@example.com");
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).messageId()).isEqualTo(flag.path("result").path("messageId").asText());
    assertThat(mails.get(0).subject()).isEqualTo("Order E-1 confirmed: 25.00 EUR");
  }

  @Test
  void sendMessage_shouldReserveAndMailOnce_whenTheSameMessageIsSentFiveTimesAtOnce() throws Exception {
    OrderSupport.stock(s3, "E2E-FIVE", 10);
    String body = place("E-2", 1, "five@example.com", "E2E-FIVE", 2);
    List<SendMessageBatchRequestEntry> copies = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      copies.add(entry("copy" + i, body));
    }

    sqs.sendMessageBatch(r -> r.queueUrl(orders).entries(copies));

    awaitEmpty(sqs, orders, SETTLED);
    assertThat(OrderSupport.flag(s3, "E-2").orElseThrow().path("state").asText()).isEqualTo("succeeded");
    JsonNode stock = OrderSupport.stockOf(s3, "E2E-FIVE");
    assertThat(stock.path("available").asInt()).isEqualTo(8);
    assertThat(stock.path("holds").path("E-2").asInt()).isEqualTo(2);
    assertThat(OrderSupport.mails(stack, "five@example.com")).hasSize(1);
  }

  @Test
  void sendMessage_shouldConfirmExactlyTheStock_whenAHundredOrdersRaceForTen() throws Exception {
    OrderSupport.stock(s3, "E2E-TEN", 10);
    for (int batch = 0; batch < 10; batch++) {
      List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        int n = batch * 10 + i;
        entries.add(entry("o" + n, place("E-RACE-" + n, 1, "race@example.com", "E2E-TEN", 1)));
      }
      sqs.sendMessageBatch(r -> r.queueUrl(orders).entries(entries));
    }

    Map<String, List<String>> byOutcome = new java.util.TreeMap<>();
    for (int n = 0; n < 100; n++) {
      JsonNode flag = awaitFlag(s3, "E-RACE-" + n, settled(), Duration.ofSeconds(90));
      String outcome = flag.path("state").asText() + " " + (flag.path("error").isMissingNode()
          ? flag.path("result").path("status").asText() : flag.path("error").path("code").asText());
      byOutcome.computeIfAbsent(outcome, any -> new ArrayList<>()).add("E-RACE-" + n);
    }

    assertThat(byOutcome.keySet()).containsExactly("rejected out-of-stock", "succeeded confirmed");
    assertThat(byOutcome.get("succeeded confirmed")).hasSize(10);
    assertThat(byOutcome.get("rejected out-of-stock")).hasSize(90);
    JsonNode stock = OrderSupport.stockOf(s3, "E2E-TEN");
    assertThat(stock.path("available").asInt()).isZero();
    List<String> holders = new ArrayList<>();
    stock.path("holds").fieldNames().forEachRemaining(holders::add);
    assertThat(holders).containsExactlyInAnyOrderElementsOf(byOutcome.get("succeeded confirmed"));
    assertThat(OrderSupport.mails(stack, "race@example.com")).hasSize(10);
  }

  @Test
  void sendMessage_shouldRejectWithEveryReason_andLeaveNothingInEitherQueue_whenTheOrderIsInvalid() {
    String body = "{\"orderId\":\"E-3\",\"sequence\":1,\"type\":\"place\",\"customer\":{\"email\":\"not-an-address\","
        + "\"name\":\"Bad\"},\"items\":[{\"sku\":\"E2E-X\",\"quantity\":0,\"unitPrice\":\"twelve\"}],\"currency\":\"ABC\"}";

    sqs.sendMessage(r -> r.queueUrl(orders).messageBody(body));

    JsonNode flag = awaitFlag(s3, "E-3", settled(), SETTLED);
    assertThat(flag.path("state").asText()).isEqualTo("rejected");
    assertThat(flag.path("error").path("code").asText()).isEqualTo("invalid-order");
    assertThat(flag.path("result").path("reasons").findValuesAsText("field"))
        .containsExactly("customer.email", "currency", "items[0].quantity", "items[0].unitPrice");
    assertThat(flag.path("error").path("message").asText()).startsWith("4 problems: field 'customer.email' = 'not-an-address'");
    awaitEmpty(sqs, orders, SETTLED);
    assertThat(deadLetterBodies()).doesNotContain(body);
  }

  @Test
  void sendMessage_shouldDeadLetterAtOnceWithTheReason_whenTheBodyIsNotJson() {
    String body = "{\"orderId\": \"E-4\", oops";

    sqs.sendMessage(r -> r.queueUrl(orders).messageBody(body));

    awaitEmpty(sqs, orders, SETTLED);
    JsonNode letter = deadLetter(body);
    assertThat(letter.path("reason").asText()).startsWith("the body is not JSON");
    assertThat(letter.path("attributes").path("fnjobs-source-queue").asText()).isEqualTo("orders");
    assertThat(letter.path("attributes").path("fnjobs-trigger").asText()).isEqualTo("orders-from-queue");
    assertThat(letter.path("attributes").path("fnjobs-receive-count").asText()).isEqualTo("1");
    // listing consumes nothing: the message is still there for the next look
    assertThat(deadLetter(body).path("messageId").asText()).isEqualTo(letter.path("messageId").asText());
  }

  @Test
  void sendMessage_shouldEndCancelledWithTheStockUntouched_whenTheCancelIsSentBeforeItsPlace() throws Exception {
    OrderSupport.stock(s3, "E2E-CANCEL", 3);

    sqs.sendMessage(r -> r.queueUrl(orders).messageBody(cancel("E-5", 2, "cancel@example.com")));
    sqs.sendMessage(r -> r.queueUrl(orders).messageBody(place("E-5", 1, "cancel@example.com", "E2E-CANCEL", 2)));

    awaitEmpty(sqs, orders, SETTLED);
    assertThat(OrderSupport.order(s3, "E-5").orElseThrow().path("status").asText()).isEqualTo("cancelled");
    assertThat(OrderSupport.flag(s3, "E-5").orElseThrow().path("result").path("status").asText()).isEqualTo("cancelled");
    JsonNode stock = OrderSupport.stockOf(s3, "E2E-CANCEL");
    assertThat(stock.path("available").asInt()).isEqualTo(3);
    assertThat(stock.path("holds").size()).isZero();
    assertThat(OrderSupport.mails(stack, "cancel@example.com")).extracting(OrderSupport.Mail::subject)
        .contains("Order E-5 cancelled");
  }

  @Test
  void sendMessage_shouldKeepFlagAndOrderUnderTheId_whenTheOrderIdHoldsSpacesUnicodePlusAndPercent() {
    OrderSupport.stock(s3, "E2E Ä+%", 2);
    String orderId = "Bestellung Ö-6 +50%";

    sqs.sendMessage(r -> r.queueUrl(orders).messageBody(place(orderId, 1, "zoe@example.com", "E2E Ä+%", 1)));

    JsonNode flag = awaitFlag(s3, orderId, settled(), SETTLED);
    assertThat(flag.path("subject").asText()).isEqualTo(orderId);
    assertThat(flag.path("result").path("status").asText()).isEqualTo("confirmed");
    assertThat(OrderSupport.stockOf(s3, "E2E Ä+%").path("holds").path(orderId).asInt()).isEqualTo(1);
  }

  @Test
  void start_shouldSeedTheSampleStock_fromInfraSampleData() {
    JsonNode mug = OrderSupport.stockOf(s3, "MUG-1");

    assertThat(mug.path("available").asInt()).isEqualTo(25);
    assertThat(mug.path("name").asText()).isEqualTo("Stoneware mug");
  }

  @Test
  void deadLetters_shouldAnswer404NamingTheQueues_whenTheQueueIsUnknown() {
    Answer answer = StackClients.get(stack.triggersUri().resolve("/dead-letters/queues/nope"));

    assertThat(answer.status()).isEqualTo(404);
    assertThat(answer.json().path("error").asText()).contains("the queues are orders");
  }

  @Test
  void sendMessage_shouldDeadLetterAndFlagFailed_whenTheMailServerIsDown_andConfirmWithOneMailOnceRedriven()
      throws Exception {
    OrderSupport.stock(s3, "E2E-OUTAGE", 3);
    String body = place("E-7", 1, "outage@example.com", "E2E-OUTAGE", 1);
    stack.stopMail();
    try {
      sqs.sendMessage(r -> r.queueUrl(orders).messageBody(body));

      JsonNode failed = awaitFlag(s3, "E-7", flag -> OrderSupport.state("failed").test(flag)
          && flag.path("attempt").asInt() == 5, Duration.ofSeconds(120));
      assertThat(failed.path("error").path("code").asText()).isEqualTo("MailDeliveryException");
      String smtp = "could not be sent through 127.0.0.1:";
      assertThat(failed.path("error").path("message").asText()).as("the SMTP failure, as the function saw it")
          .contains("to outage@example.com " + smtp);
      awaitEmpty(sqs, orders, SETTLED);
      JsonNode letter = deadLetter(body);
      assertThat(letter.path("reason").asText()).as("the dead letter says the same")
          .startsWith("MailDeliveryException: failed 5 attempts (the trigger's delivery.maxAttempts); the last: the"
              + " mail ")
          .contains(smtp);
      assertThat(runs(letter.path("originalMessageId").asText())).hasSize(5)
          .allSatisfy(run -> assertThat(run.path("error").path("message").asText()).contains(smtp));
      assertThat(runOutcomes().path("failed").asInt()).isGreaterThanOrEqualTo(5);
    } finally {
      stack.startMail();
    }
    JsonNode letter = deadLetter(body);
    // the trigger sent it to the dead-letter queue as a new message, which keeps the id it was first sent with
    assertThat(runs(letter.path("originalMessageId").asText())).extracting(run -> run.path("attempt").asInt())
        .containsExactlyInAnyOrder(1, 2, 3, 4, 5);
    assertThat(OrderSupport.order(s3, "E-7").orElseThrow().path("status").asText())
        .as("reserved and confirmed, its mail not sent").isEqualTo("confirmed");

    Answer redrive = StackClients.post(stack.triggersUri().resolve("/dead-letters/queues/orders/redrive?messageId="
        + letter.path("messageId").asText()), "");

    assertThat(redrive.status()).as(redrive.text()).isEqualTo(200);
    assertThat(redrive.json().path("moved").asInt()).isEqualTo(1);
    JsonNode confirmed = awaitFlag(s3, "E-7", settled(), SETTLED);
    assertThat(confirmed.path("state").asText()).isEqualTo("succeeded");
    assertThat(confirmed.path("attempt").asInt()).as("counting on from the five of the first round").isEqualTo(6);
    assertThat(confirmed.path("result").path("status").asText()).isEqualTo("confirmed");
    assertThat(OrderSupport.mails(stack, "outage@example.com")).extracting(OrderSupport.Mail::messageId)
        .containsExactly(confirmed.path("result").path("messageId").asText());
    assertThat(OrderSupport.stockOf(s3, "E2E-OUTAGE").path("available").asInt()).isEqualTo(2);
    assertThat(deadLetterBodies()).doesNotContain(body);
  }

  private static List<JsonNode> runs(String eventId) {
    Answer runs = StackClients.get(stack.triggersUri().resolve("/runs?trigger=orders-from-queue&limit=200"));
    return StreamSupport.stream(runs.json().path("runs").spliterator(), false)
        .filter(run -> run.path("eventId").asText().equals(eventId)).toList();
  }

  /** How the orders trigger's runs ended so far, as {@code GET /triggers} counts them. */
  private static JsonNode runOutcomes() {
    Answer triggers = StackClients.get(stack.triggersUri().resolve("/triggers"));
    return StreamSupport.stream(triggers.json().path("triggers").spliterator(), false)
        .filter(trigger -> trigger.path("name").asText().equals("orders-from-queue")).findFirst().orElseThrow()
        .path("runOutcomes");
  }

  private static JsonNode deadLetter(String body) {
    Answer listing = StackClients.get(stack.triggersUri().resolve("/dead-letters/queues/orders"));
    assertThat(listing.status()).as(listing.text()).isEqualTo(200);
    return StreamSupport.stream(listing.json().path("messages").spliterator(), false)
        .filter(message -> message.path("body").asText().equals(body)).findFirst()
        .orElseThrow(() -> new AssertionError("not in orders-dlq: " + body + "; it holds " + listing.text()));
  }

  private static List<String> deadLetterBodies() {
    Answer listing = StackClients.get(stack.triggersUri().resolve("/dead-letters/queues/"
        + URLEncoder.encode("orders-dlq", StandardCharsets.UTF_8)));
    assertThat(listing.status()).as(listing.text()).isEqualTo(200);
    return StreamSupport.stream(listing.json().path("messages").spliterator(), false)
        .map(message -> message.path("body").asText()).collect(Collectors.toList());
  }

  private static SendMessageBatchRequestEntry entry(String id, String body) {
    return SendMessageBatchRequestEntry.builder().id(id).messageBody(body).build();
  }
}
