package io.fnjobs.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import io.fnjobs.triggers.runtime.QueueClients;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Orders per second end to end on the embedded stack (order sent to the queue, processed by the queue
 * trigger and the order-processor, flag written), side by side with what the operations of an order
 * achieve on their own in the same run: a raw SQS send/receive/delete loop, raw S3 conditional PUT and
 * GET loops and a raw SMTP loop, each with as many threads as the trigger has consumers. From those
 * rates and the operations one order needs comes the bound the pipeline could reach, and the ratio to
 * it. Then the latency from enqueue to flag at a steady rate.
 *
 * <p>One order (one SKU, confirmed) needs: 6 conditional PUTs (the trigger's run record; the
 * idempotency record, taken then completed; the flag, created settled; the order, created confirmed;
 * the stock record), 2 GETs (the flag, the stock), one SQS message cycle and one mail (see
 * run-roundtrips-bench.sh for the count on the wire).
 *
 * <p>Arguments: {@code [orders, default 600] [steady seconds, default 30] [steady orders/s, default 50]}.
 * Run from the repository root (it reads infra/ and functions/), after building: see
 * run-orders-bench.sh.
 */
public final class OrdersBench {

  static final int PUTS_PER_ORDER = 6;
  static final int GETS_PER_ORDER = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final int orders;
  private final int steadySeconds;
  private final int steadyRate;
  private final List<String> rows = new ArrayList<>();

  private OrdersBench(int orders, int steadySeconds, int steadyRate) {
    this.orders = orders;
    this.steadySeconds = steadySeconds;
    this.steadyRate = steadyRate;
  }

  public static void main(String[] args) throws Exception {
    int orders = args.length > 0 ? Integer.parseInt(args[0]) : 600;
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
    int rate = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    new OrdersBench(orders, seconds, rate).run();
    System.exit(0);
  }

  private void run() throws Exception {
    Path data = Files.createTempDirectory("orders-bench");
    try (EmbeddedStack stack = EmbeddedStack.start(
            StackOptions.builder().repoDir(Path.of(".")).dataDir(data).allPorts(0).build());
        S3Client s3 = StorageClients.s3(EndpointSettings.local(stack.s3Uri(), "minioadmin", "minioadmin"));
        SqsClient sqs = QueueClients.sqs(EndpointSettings.local(stack.sqsUri(), "x", "x"))) {
      int threads = consumers();
      String orderQueue = sqs.getQueueUrl(r -> r.queueName("orders")).queueUrl();
      stock(s3, "BENCH", orders + steadySeconds * steadyRate + 100);
      sendOrders(sqs, orderQueue, "warm", 40);
      awaitDrained(sqs, orderQueue, Duration.ofMinutes(5));

      double sqsRate = rawSqs(sqs, threads, 1500);
      double putRate = rawPuts(s3, threads, 3000);
      double getRate = rawGets(s3, threads, 3000);
      double mailRate = rawMail(stack, threads, 600);
      double bound = 1 / (PUTS_PER_ORDER / putRate + GETS_PER_ORDER / getRate + 1 / sqsRate + 1 / mailRate);

      long started = System.nanoTime();
      sendOrders(sqs, orderQueue, "e2e", orders);
      awaitDrained(sqs, orderQueue, Duration.ofMinutes(30));
      double endToEnd = orders / ((System.nanoTime() - started) / 1e9);
      checkSettled(s3, "e2e", orders);

      row("raw SQS send + receive + delete", sqsRate, "msg/s");
      row("raw S3 conditional PUT", putRate, "PUT/s");
      row("raw S3 GET", getRate, "GET/s");
      row("raw SMTP send (new connection per mail)", mailRate, "mail/s");
      row("bound: " + PUTS_PER_ORDER + " PUT + " + GETS_PER_ORDER + " GET + 1 SQS cycle + 1 mail per order", bound,
          "orders/s");
      row("orders end to end (" + orders + " orders)", endToEnd, "orders/s");
      rows.add(String.format("%-62s %9.0f %%", "  ratio to the bound", 100 * endToEnd / bound));
      steady(s3, sqs, orderQueue);
      print(threads);
    }
  }

  /** The trigger's consumers, as the shipped definition sets them. */
  private static int consumers() throws IOException {
    for (String line : Files.readAllLines(Path.of("infra/triggers/orders-from-queue.yaml"))) {
      if (line.trim().startsWith("concurrency:")) {
        return Integer.parseInt(line.trim().substring("concurrency:".length()).trim());
      }
    }
    return 4;
  }

  private void steady(S3Client s3, SqsClient sqs, String queue) throws Exception {
    int count = steadySeconds * steadyRate;
    Map<String, Instant> sent = new HashMap<>();
    long interval = 1_000_000_000L / steadyRate;
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
      String orderId = "steady-" + i;
      String body = order(orderId);
      sent.put(orderId, Instant.now());
      sqs.sendMessage(r -> r.queueUrl(queue).messageBody(body));
    }
    double offered = count / ((System.nanoTime() - start) / 1e9);
    awaitDrained(sqs, queue, Duration.ofMinutes(30));
    Latencies latencies = new Latencies(count);
    for (Map.Entry<String, Instant> order : sent.entrySet()) {
      JsonNode flag = flag(s3, order.getKey());
      Instant written = Instant.parse(flag.path("updatedAt").asText());
      latencies.add(Duration.between(order.getValue(), written).toNanos());
    }
    rows.add(String.format("%-62s %9.1f %s", "steady load: offered (" + count + " orders over " + steadySeconds + " s)",
        offered, "orders/s"));
    rows.add(String.format("%-62s %9.1f %s", "  enqueue-to-flag latency p50", latencies.percentileMillis(50), "ms"));
    rows.add(String.format("%-62s %9.1f %s", "  enqueue-to-flag latency p99", latencies.percentileMillis(99), "ms"));
    rows.add(String.format("%-62s %9.1f %s", "  enqueue-to-flag latency max", latencies.percentileMillis(100), "ms"));
  }

  private static double rawSqs(SqsClient sqs, int threads, int messages) throws Exception {
    String queue = sqs.createQueue(r -> r.queueName("bench-raw")).queueUrl();
    return timed(threads, messages, (n, thread) -> {
      sqs.sendMessage(r -> r.queueUrl(queue).messageBody("{\"n\":" + n + "}"));
      var received = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(1).waitTimeSeconds(1)).messages();
      for (var message : received) {
        sqs.deleteMessage(r -> r.queueUrl(queue).receiptHandle(message.receiptHandle()));
      }
    });
  }

  /**
   * Conditional PUTs as the order path makes them, on records of about the same size: each thread
   * creates its record ({@code If-None-Match: *}), then replaces it on the ETag it got ({@code If-Match}).
   */
  private static double rawPuts(S3Client s3, int threads, int puts) throws Exception {
    S3ConditionalStore store = new S3ConditionalStore(s3, "state");
    String[] etags = new String[threads + 1];
    return timed(threads, puts, (n, thread) -> {
      byte[] body = ("{\"n\":" + n + ",\"pad\":\"" + "x".repeat(300) + "\"}").getBytes();
      String key = "bench/raw-" + thread + ".json";
      try {
        etags[thread] = etags[thread] == null ? store.create(key, body, "application/json")
            : store.replace(key, body, "application/json", etags[thread]);
      } catch (PreconditionFailedException sentTwice) {
        // the JDK's HTTP client can fail a write the store applied, and the SDK then sends it again:
        // the second copy loses to the first; read the ETag it left, as the order path does
        etags[thread] = store.read(key).orElseThrow().etag();
      }
    });
  }

  private static double rawGets(S3Client s3, int threads, int gets) throws Exception {
    S3ConditionalStore store = new S3ConditionalStore(s3, "state");
    return timed(threads, gets, (n, thread) -> store.read("bench/raw-" + thread + ".json").orElseThrow());
  }

  private static double rawMail(EmbeddedStack stack, int threads, int mails) throws Exception {
    Properties properties = new Properties();
    properties.put("mail.smtp.host", stack.options().host());
    properties.put("mail.smtp.port", String.valueOf(stack.options().smtpPort()));
    Session session = Session.getInstance(properties);
    return timed(threads, mails, (n, thread) -> {
      MimeMessage message = new MimeMessage(session);
      message.setFrom(new InternetAddress("orders@fnjobs.local"));
      message.setRecipients(Message.RecipientType.TO, "bench@example.com");
      message.setSubject("Order raw-" + n + " confirmed: 12.50 EUR", "UTF-8");
      message.setText("Hello,\n\nyour order raw-" + n + " is confirmed.\n\nTotal: 12.50 EUR\n", "UTF-8");
      Transport.send(message);
    });
  }

  /**
   * Runs {@code operations} calls on {@code threads} threads (numbered from 1), after a warm-up on
   * thread 0's part; answers calls per second.
   */
  private static double timed(int threads, int operations, Operation operation) throws Exception {
    for (int i = 0; i < 20; i++) {
      operation.run(i, 0);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    long started = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 1; t <= threads; t++) {
      int thread = t;
      workers.add(pool.submit(() -> {
        for (int n = next.getAndIncrement(); n < operations; n = next.getAndIncrement()) {
          operation.run(n, thread);
        }
        return null;
      }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    pool.shutdown();
    return operations / seconds;
  }

  @FunctionalInterface
  private interface Operation {
    void run(int n, int thread) throws Exception;
  }

  private static void sendOrders(SqsClient sqs, String queue, String prefix, int count) {
    for (int from = 0; from < count; from += 10) {
      List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
      for (int n = from; n < Math.min(count, from + 10); n++) {
        batch.add(SendMessageBatchRequestEntry.builder().id("o" + n).messageBody(order(prefix + "-" + n)).build());
      }
      sqs.sendMessageBatch(r -> r.queueUrl(queue).entries(batch));
    }
  }

  private static String order(String orderId) {
    ObjectNode body = JSON.createObjectNode().put("orderId", orderId).put("sequence", 1).put("type", "place");
    body.putObject("customer").put("email", "bench@example.com").put("name", "Bench");
    body.putArray("items").addObject().put("sku", "BENCH").put("quantity", 1).put("unitPrice", "12.50");
    body.put("currency", "EUR");
    return body.toString();
  }

  private static void stock(S3Client s3, String sku, int available) {
    s3.putObject(r -> r.bucket("orders").key("inventory/" + sku + ".json"),
        RequestBody.fromString("{\"sku\":\"" + sku + "\",\"available\":" + available + ",\"holds\":{}}"));
  }

  /** Waits until the queue holds no message, visible or in flight: every order is settled. */
  private static void awaitDrained(SqsClient sqs, String queue, Duration timeout) throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    while (Instant.now().isBefore(giveUp)) {
      Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
          .attributes();
      if (counts.values().stream().allMatch("0"::equals)) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the orders queue did not drain within " + timeout);
  }

  private static void checkSettled(S3Client s3, String prefix, int count) throws IOException {
    for (int n = 0; n < count; n++) {
      String state = flag(s3, prefix + "-" + n).path("state").asText();
      if (!state.equals("succeeded")) {
        throw new IllegalStateException("order " + prefix + "-" + n + " ended " + state + ": the run is not valid");
      }
    }
  }

  private static JsonNode flag(S3Client s3, String orderId) throws IOException {
    return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket("state").key("orders/" + orderId + ".json")).asByteArray());
  }

  private void row(String label, double value, String unit) {
    rows.add(String.format("%-62s %9.1f %s", label, value, unit));
  }

  private void print(int threads) {
    System.out.println();
    System.out.printf("orders on the embedded stack, %d cores, raw loops on %d threads (the trigger's consumers)%n",
        Runtime.getRuntime().availableProcessors(), threads);
    System.out.println("-".repeat(84));
    rows.forEach(System.out::println);
  }
}
