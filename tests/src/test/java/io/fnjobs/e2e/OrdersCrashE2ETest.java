package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.triggers.runtime.QueueClients;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The whole stack killed with SIGKILL in the middle of a burst of 300 orders, then started again on
 * the same data: every order ends confirmed or rejected, the stock adds up, and no order gets two
 * different mails.
 *
 * <p>The stack runs as its own process, from the built jar, as {@code ./local-dev/up} runs it. Its
 * mail server keeps each message on disk as it is delivered, so the mail sent before the kill is read
 * back over IMAP after the restart. Mails are counted by Message-ID, which each order's flag records:
 * a mail the server accepted right before the kill, whose sending the order had not yet recorded, is
 * sent again after the restart with the same Message-ID, so it is the same mail; at most one such
 * resend per invocation in progress at the kill can happen, and the test reports how many it saw.
 *
 * <p>What the restart waits for is shortened, not skipped: the stack runs a linked copy of the checkout
 * whose order-processor has a 10-second timeout (an invocation cut off by the kill holds its order's
 * idempotency key for the timeout plus the trigger layer's hold margin, instead of the production
 * 30 seconds plus the margin) and whose orders trigger hides a received message for 15 seconds
 * (instead of 30), so the messages in flight at the kill come back sooner.
 */
@MostlyWaits
class OrdersCrashE2ETest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = REPO.resolve("local-dev/target/fnjobs-local-dev.jar");
  private static final int ORDERS = 300;
  private static final int SKUS = 5;
  private static final int STOCK_PER_SKU = 50;
  private static final int KILL_AFTER = 80;
  // the trigger's consumers: no more invocations than this can be in progress at the kill
  private static final int IN_FLIGHT_AT_MOST = 4;

  @TempDir Path data;
  private Path checkout;

  @Test
  void sigkill_shouldLeaveEveryOrderSettled_theStockAddingUp_andNoOrderWithTwoMails() throws Exception {
    assertThat(JAR).as("built by the reactor before this module").exists();
    checkout = LinkedCheckout.of(REPO, data.resolve("checkout"))
        .replacing("functions/order-processor/func.yaml", "timeout: 30", "timeout: 10")
        .replacing("infra/triggers/orders-from-queue.yaml", "visibilityTimeout: PT30S", "visibilityTimeout: PT15S")
        .root();
    List<Integer> ports = StackClients.freePorts(6);
    Process first = start(ports, "first");
    S3Client s3 = StorageClients.s3(EndpointSettings.local(URI.create("http://127.0.0.1:" + ports.get(0)), "minioadmin", "minioadmin"));
    SqsClient sqs = QueueClients.sqs(EndpointSettings.local(URI.create("http://127.0.0.1:" + ports.get(1)), "x", "x"));
    Process second = null;
    try {
      for (int sku = 0; sku < SKUS; sku++) {
        OrderSupport.stock(s3, "CRASH-" + sku, STOCK_PER_SKU);
      }
      sendBurst(sqs);
      awaitFlags(s3, KILL_AFTER, Duration.ofSeconds(180));

      int flagsAtKill = flagKeys(s3).size();
      new ProcessBuilder("kill", "-KILL", Long.toString(first.pid())).start().waitFor();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("killed").isTrue();
      second = start(ports, "second");

      Map<String, JsonNode> flags = awaitAllSettled(s3, Duration.ofSeconds(300));
      Map<String, String> outcome = new TreeMap<>();
      flags.forEach((orderId, flag) -> outcome.put(orderId, flag.path("state").asText() + " "
          + (flag.path("state").asText().equals("succeeded") ? flag.path("result").path("status").asText()
              : flag.path("error").path("code").asText())));
      assertThat(new TreeSet<>(outcome.values())).isSubsetOf("succeeded confirmed", "rejected out-of-stock");
      Set<String> confirmed = outcome.entrySet().stream().filter(e -> e.getValue().equals("succeeded confirmed"))
          .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
      assertThat(confirmed).hasSize(SKUS * STOCK_PER_SKU);

      for (int sku = 0; sku < SKUS; sku++) {
        JsonNode stock = OrderSupport.stockOf(s3, "CRASH-" + sku);
        int held = 0;
        List<String> holders = new ArrayList<>();
        for (var hold : (Iterable<Map.Entry<String, JsonNode>>) stock.path("holds")::fields) {
          held += hold.getValue().asInt();
          holders.add(hold.getKey());
        }
        assertThat(stock.path("available").asInt() + held).as("stock of CRASH-" + sku + " adds up").isEqualTo(STOCK_PER_SKU);
        assertThat(stock.path("available").asInt()).isZero();
        int skuIndex = sku;
        assertThat(holders).containsExactlyInAnyOrderElementsOf(
            confirmed.stream().filter(id -> orderNumber(id) % SKUS == skuIndex).toList());
      }

      Map<String, List<String>> mailsById = new HashMap<>();
      for (int customer = 0; customer < SKUS; customer++) {
        for (OrderSupport.Mail mail : OrderSupport.mails("127.0.0.1", ports.get(5), "crash-" + customer + "@example.com")) {
          mailsById.computeIfAbsent(mail.messageId(), any -> new ArrayList<>()).add(mail.subject());
        }
      }
      Set<String> flagged = confirmed.stream().map(id -> flags.get(id).path("result").path("messageId").asText())
          .collect(Collectors.toSet());
      assertThat(flagged).as("one Message-ID per confirmed order").hasSize(confirmed.size());
      assertThat(mailsById.keySet()).as("every confirmed order's mail, and no other").isEqualTo(flagged);
      int resent = mailsById.values().stream().mapToInt(copies -> copies.size() - 1).sum();
      System.err.printf("crash test: %d flags at the kill, %d confirmed, %d rejected, %d mails resent with their"
          + " Message-ID after the restart%n", flagsAtKill, confirmed.size(), ORDERS - confirmed.size(), resent);
      assertThat(resent).as("resends of a mail accepted right before the kill").isLessThanOrEqualTo(IN_FLIGHT_AT_MOST);
    } finally {
      s3.close();
      sqs.close();
      first.destroyForcibly();
      if (second != null) {
        second.destroy();
        if (!second.waitFor(30, TimeUnit.SECONDS)) {
          second.destroyForcibly();
        }
      }
    }
  }

  private static void sendBurst(SqsClient sqs) {
    String orders = sqs.getQueueUrl(r -> r.queueName("orders")).queueUrl();
    for (int from = 0; from < ORDERS; from += 10) {
      List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
      for (int n = from; n < from + 10; n++) {
        batch.add(SendMessageBatchRequestEntry.builder().id("o" + n)
            .messageBody(OrderSupport.place("C-" + n, 1, "crash-" + (n % SKUS) + "@example.com", "CRASH-" + (n % SKUS), 1))
            .build());
      }
      sqs.sendMessageBatch(r -> r.queueUrl(orders).entries(batch));
    }
  }

  private static int orderNumber(String orderId) {
    return Integer.parseInt(orderId.substring(2));
  }

  private static List<String> flagKeys(S3Client s3) {
    return s3.listObjectsV2Paginator(r -> r.bucket("state").prefix("orders/C-")).contents().stream()
        .map(S3Object::key).toList();
  }

  private static void awaitFlags(S3Client s3, int count, Duration timeout) {
    Instant giveUp = Instant.now().plus(timeout);
    while (flagKeys(s3).size() < count) {
      assertThat(Instant.now()).as("%d flags within %s", count, timeout).isBefore(giveUp);
      OrderSupport.sleep(100);
    }
  }

  /** Reads every order's flag until all are succeeded or rejected. */
  private static Map<String, JsonNode> awaitAllSettled(S3Client s3, Duration timeout) {
    Instant giveUp = Instant.now().plus(timeout);
    Map<String, JsonNode> settled = new HashMap<>();
    while (true) {
      for (int n = 0; n < ORDERS; n++) {
        String orderId = "C-" + n;
        if (!settled.containsKey(orderId)) {
          OrderSupport.flag(s3, orderId).filter(OrderSupport.settled()).ifPresent(flag -> settled.put(orderId, flag));
        }
      }
      if (settled.size() == ORDERS) {
        return settled;
      }
      assertThat(Instant.now()).as("all %d orders settled within %s; %d are", ORDERS, timeout, settled.size())
          .isBefore(giveUp);
      OrderSupport.sleep(1000);
    }
  }

  private Process start(List<Integer> ports, String name) throws Exception {
    Process up = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString(),
            "--repo", checkout.toString(), "--data", data.resolve("stack").toString(), "--stop-wait", "PT5S",
            "--s3-port", ports.get(0).toString(), "--sqs-port", ports.get(1).toString(),
            "--fn-port", ports.get(2).toString(), "--triggers-port", ports.get(3).toString(),
            "--smtp-port", ports.get(4).toString(), "--imap-port", ports.get(5).toString()))
        .redirectError(data.resolve(name + ".log").toFile())
        .start();
    BufferedReader out = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Void> ready = CompletableFuture.runAsync(() -> {
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.equals("ready")) {
            return;
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      throw new IllegalStateException("the stack exited before 'ready'; see " + data.resolve(name + ".log"));
    });
    ready.get(180, TimeUnit.SECONDS);
    return up;
  }
}
