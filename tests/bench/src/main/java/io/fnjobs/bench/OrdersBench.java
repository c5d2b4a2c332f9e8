package io.fnjobs.bench;

import com.sun.management.OperatingSystemMXBean;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.storage.StorageClients.Resolution;
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
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Orders per second end to end on the embedded stack (order sent to the queue, processed by the queue
 * trigger and the order-processor, flag written), side by side with what the operations of an order
 * cost on their own in the same run, and the latency from enqueue to flag at a steady rate.
 *
 * <p>One order (one SKU, confirmed) needs: 6 conditional PUTs (the trigger's run record; the
 * idempotency record, taken then completed; the flag, created settled; the order, created confirmed;
 * the stock record), 2 GETs (the flag, the stock), one SQS message cycle and one mail (see
 * run-roundtrips-bench.sh for the count on the wire). Raw loops run exactly these operations the way the
 * stack runs them, on as many threads as the trigger has consumers: the producer's batched send, a
 * receive of up to 10 and a batch delete; an order's 6 conditional PUTs and 2 GETs on new keys; a mail
 * over a kept SMTP connection. The store loop runs with the S3 client as the stack has it, whose endpoint
 * and auth scheme are fixed from its settings, and (the row marked before) with one that runs the SDK's
 * endpoint rule set per request as the stack did until then, in alternating rounds; only the first
 * enters the bound.
 *
 * <p>Like for like. The store loop keeps a stock record per thread, so it never loses a race; the
 * end-to-end orders the ratios come from are spread over a catalogue of {@value #CATALOGUE} SKUs, where
 * one seldom does. The same number of orders all of one SKU then runs as a row of its own (this bench
 * ran only that before): four consumers race for one record that grows by a hold per order, and each
 * lost race reads and writes it again, which the raw loops do not count.
 *
 * <p>The bound. Everything runs in this one JVM on a box with few cores, so the stack is CPU-bound: an
 * order costs the CPU time of its operations, and the cores are the budget. For each raw loop the bench
 * takes the process CPU time spent over the loop divided by the operations it made (client and server
 * both, as in the stack), and sums them per order:
 * {@code cpu(order) = cpu(SQS message) + cpu(6 PUT + 2 GET) + cpu(mail)}; the bound is
 * {@code cores / cpu(order)}: the orders per second the cores could carry if the stack (trigger layer,
 * function host, function) added no CPU of its own. The ratio end to end / bound compares that with
 * the wall-clock rate reached, which only means something on an otherwise idle box; the CPU ratio
 * {@code cpu(order) / CPU per order end to end} (process CPU time over the end-to-end run / orders) is
 * the same comparison made in CPU, which neighbours on a shared box disturb far less; the difference is
 * the stack's own CPU per order, printed too. Wall-clock rates of the raw loops are printed for
 * reference: on a shared, loaded box they say more about the neighbours than about the stack.
 *
 * <p>Warm, like the raw loops. Each raw loop warms up before it is measured; the stack's own code (the
 * function's classes, and the SDK's, live in the function's class loader, so the JIT compiles them apart
 * from the raw loops' copies) is measured warm too. A first end-to-end run follows only
 * {@value #FIRST_WARM_UP} warm-up orders: the measure this bench printed before, kept as its own row. Then
 * rounds of {@value #WARM_UP} orders warm the whole stack until the JIT's compiler threads take under 1% of
 * a round's process CPU in two rounds in a row, as the thumbnail bench warms its renders (each round's JIT
 * CPU goes to standard error: on two cores it falls slowly, the stack being a large body of code whose
 * code run once per order reaches the JIT's last tier only after thousands of orders); the raw loops run,
 * and the stack is warmed again the same way before the end-to-end run the ratios are taken from: the raw
 * loops run the JDK's and the SDK's shared code with profiles of their own, and run right before the
 * end-to-end run they made the JIT compile the stack's paths again inside it. The JIT's CPU inside each
 * run is printed, and a CPU ratio that leaves it out on both sides.
 *
 * <p>Arguments: {@code [orders, default 600] [steady seconds, default 30] [steady orders/s, default 50]}.
 * System property {@code bench.jfr}: a file to record the end-to-end run to with JFR's profile settings, or
 * those {@code bench.jfr.settings} names. A recording started that late makes the JIT compile much of the
 * stack again; to profile the stack warm, record the whole run ({@code -XX:StartFlightRecording}) and cut
 * out the window each end-to-end run prints on standard error.
 * Run from the repository root (it reads infra/ and functions/), after building: see
 * run-orders-bench.sh.
 */
public final class OrdersBench {

  static final int PUTS_PER_ORDER = 6;
  static final int GETS_PER_ORDER = 2;
  private static final int SQS_BATCH = 10;
  /** Orders sent before anything is measured, as the bench did before it warmed the stack until the JIT settled. */
  static final int FIRST_WARM_UP = 40;
  /** Orders in one warm-up round. */
  static final int WARM_UP = 100;
  /** The stack counts as warm once the JIT's compiler threads take under this share of a round's process CPU. */
  static final double JIT_SETTLED = 0.01;
  /** Rounds in a row under {@link #JIT_SETTLED}: one such round alone is often a lull between compilations. */
  static final int SETTLED_ROUNDS = 2;
  /**
   * SKUs the end-to-end orders are spread over for the ratios, a small shop's catalogue: the raw loops
   * write a stock record per thread and never lose a race, and orders spread like this seldom do. The
   * same orders all of one SKU run after, as a row of their own.
   */
  static final int CATALOGUE = 100;
  /** Warm-up rounds at most: 15,000 orders, minutes on two cores. */
  static final int MAX_WARM_UP_ROUNDS = 150;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

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
      String orderQueue = sqs.getQueueUrl(r -> r.queueName("orders")).queueUrl();
      // each phase orders its own SKU, so each meets a stock record that starts without holds
      stock(s3, sku("warm"), FIRST_WARM_UP);
      stock(s3, sku("steady"), steadySeconds * steadyRate);
      sendOrders(sqs, orderQueue, "warm", FIRST_WARM_UP);
      awaitDrained(sqs, orderQueue, Duration.ofMinutes(5));

      rows.add("as measured before: after " + FIRST_WARM_UP + " warm-up orders");
      measure(stack, s3, sqs, orderQueue, "first", false, () -> { });
      int warmUp = warmUp(s3, sqs, orderQueue, "warmup");
      // warmed again after the raw loops: they run the JDK's and the SDK's shared code with profiles of their
      // own, which made the JIT compile the stack's paths again inside the end-to-end run
      measure(stack, s3, sqs, orderQueue, "e2e", true, () -> {
        int again = warmUp(s3, sqs, orderQueue, "rewarm");
        rows.add("warm: " + warmUpSaid(warmUp) + ", then the raw loops, then " + warmUpSaid(again));
      });
      steady(s3, sqs, orderQueue);
      print(consumers());
    }
  }

  /**
   * The raw loops, the bound, {@code beforeEndToEnd}, then {@link #orders} end to end twice: over the
   * catalogue (orders {@code prefix-n}, recorded with JFR if asked and {@code recorded}) and all of one SKU
   * (orders {@code prefixhot-n}), each with the JIT's CPU inside it and its ratios: a section of the table.
   */
  private void measure(EmbeddedStack stack, S3Client s3, SqsClient sqs, String queue, String prefix, boolean recorded,
      Step beforeEndToEnd) throws Exception {
    int threads = consumers();
    int cores = Runtime.getRuntime().availableProcessors();
    Loop sqsLoop = rawSqs(sqs, threads, 2000);
    Loop[] store = rawOrderStoreBeforeAfter(stack, s3, threads);
    Loop mailLoop = rawMail(stack, threads, 600);
    double cpuPerOrder = sqsLoop.cpuPerOperation() + store[1].cpuPerOperation() + mailLoop.cpuPerOperation();
    double bound = cores / cpuPerOrder;
    beforeEndToEnd.run();
    Loop catalogue = endToEnd(s3, sqs, queue, prefix, CATALOGUE, recorded);
    Loop hot = endToEnd(s3, sqs, queue, prefix + "hot", 1, false);

    row("raw SQS: batch send, receive 10, batch delete", sqsLoop, "msg/s", "message");
    storeRow("raw S3: an order's " + PUTS_PER_ORDER + " conditional PUTs + " + GETS_PER_ORDER + " GETs", store[1]);
    storeRow("  the same, S3 client on the SDK's endpoint rules (before)", store[0]);
    row("raw SMTP: mail over a kept connection", mailLoop, "mail/s", "mail");
    rows.add(String.format("%-62s %9.1f %-9s %7.2f ms CPU per order", "bound: " + cores + " cores / CPU per order",
        bound, "orders/s", 1000 * cpuPerOrder));
    double rawJitPerOrder = jitPerOperation(sqsLoop) + jitPerOperation(store[1]) + jitPerOperation(mailLoop);
    Ratios ratios = new Ratios(bound, 1000 * cpuPerOrder, rawJitPerOrder);
    endToEndRows("orders end to end (" + orders + " orders, " + CATALOGUE + " SKUs)", catalogue, ratios);
    endToEndRows("the same orders all of one SKU (lost races, a growing record)", hot, ratios);
    rows.add("  CPU per order by kind of thread, end to end (" + CATALOGUE + " SKUs) and in the raw loops:");
    threadRows(catalogue, sqsLoop, store[0].plus(store[1]), mailLoop);
  }

  /** The bound and the raw loops' CPU per order, in all and the JIT's part, in milliseconds. */
  private record Ratios(double bound, double rawMillis, double rawJitMillis) {}

  /** An end-to-end run's rows: its rate and CPU, the JIT's part of it, and its ratios to the raw loops. */
  private void endToEndRows(String label, Loop run, Ratios raw) {
    row(label, run, "orders/s", "order");
    double jitPerOrder = jitPerOperation(run);
    double millis = 1000 * run.cpuPerOperation();
    rows.add(String.format("%-62s %9s %-9s %7.2f ms CPU per order", "  of which the JIT's compiler threads", "", "",
        jitPerOrder));
    rows.add(String.format("%-62s %9.0f %%", "  ratio to the bound (wall clock: on a quiet box)",
        100 * run.rate() / raw.bound()));
    rows.add(String.format("%-62s %9.0f %-9s %7.2f ms CPU per order",
        "  CPU of the operations / CPU end to end; the stack's own CPU", 100 * raw.rawMillis() / millis,
        "%", millis - raw.rawMillis()));
    rows.add(String.format("%-62s %9.0f %%", "  the same leaving out the JIT's compiler threads on both sides",
        100 * (raw.rawMillis() - raw.rawJitMillis()) / (millis - jitPerOrder)));
  }

  /**
   * Rounds of {@link #WARM_UP} orders, each ordering a SKU of its own (so that no stock record grows
   * through the warm-up), until the JIT's compiler threads take under {@link #JIT_SETTLED} of a round's
   * process CPU in {@link #SETTLED_ROUNDS} rounds in a row, or {@link #MAX_WARM_UP_ROUNDS} rounds; each
   * round's JIT CPU goes to standard error, after {@code name}. Answers the orders sent.
   */
  private static int warmUp(S3Client s3, SqsClient sqs, String queue, String name) throws Exception {
    int settledRounds = 0;
    for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
      String prefix = name + round;
      stock(s3, sku(prefix), WARM_UP);
      Optional<JvmThreadsCpu> before = JvmThreadsCpu.now();
      long cpu = OS.getProcessCpuTime();
      sendOrders(sqs, queue, prefix, WARM_UP);
      awaitDrained(sqs, queue, Duration.ofMinutes(5));
      double jitMillis = jitMillisSince(before);
      double share = jitMillis / ((OS.getProcessCpuTime() - cpu) / 1e6);
      System.err.printf(Locale.ROOT, "%s round %d: the JIT's CPU %.2f ms per order, %.1f%% of the round's%n",
          name, round, jitMillis / WARM_UP, 100 * share);
      settledRounds = share < JIT_SETTLED ? settledRounds + 1 : 0;
      if (settledRounds == SETTLED_ROUNDS) {
        return round * WARM_UP;
      }
    }
    return MAX_WARM_UP_ROUNDS * WARM_UP;
  }

  /** What each kind of thread used since {@code before}, in milliseconds; empty where {@code /proc} does not tell it. */
  private static Map<String, Double> threadMillisSince(Optional<Map<String, JvmThreadsCpu.ThreadCpu>> before) {
    return before.flatMap(b -> JvmThreadsCpu.threads().map(after -> JvmThreadsCpu.since(b, after))).orElse(Map.of());
  }

  /**
   * A row per kind of thread that used at least 0.1 ms per order end to end or in the raw loops: CPU per
   * order end to end next to what the raw loops' operations of one order used on the same kind of thread
   * (an SQS message, the store's requests with both clients, a mail), so the stack's own CPU shows where it
   * is spent.
   */
  private void threadRows(Loop endToEnd, Loop sqsLoop, Loop store, Loop mail) {
    Map<String, Double> raw = new HashMap<>();
    for (Loop loop : List.of(sqsLoop, store, mail)) {
      loop.threadMillisPerOperation().forEach((kind, millis) -> raw.merge(kind, millis, Double::sum));
    }
    Map<String, Double> e2e = endToEnd.threadMillisPerOperation();
    Set<String> kinds = new TreeSet<>(e2e.keySet());
    kinds.addAll(raw.keySet());
    kinds.stream().filter(kind -> e2e.getOrDefault(kind, 0.0) >= 0.1 || raw.getOrDefault(kind, 0.0) >= 0.1)
        .sorted((a, b) -> Double.compare(e2e.getOrDefault(b, 0.0), e2e.getOrDefault(a, 0.0)))
        .forEach(kind -> rows.add(String.format(Locale.ROOT, "%-62s %9.2f %-9s %7.2f ms in the raw loops",
            "  thread " + kind, e2e.getOrDefault(kind, 0.0), "ms/order", raw.getOrDefault(kind, 0.0))));
  }

  /** The CPU the JIT's compiler threads took since {@code before}; NaN where the JVM's threads cannot be read. */
  private static double jitMillisSince(Optional<JvmThreadsCpu> before) {
    return before.flatMap(b -> JvmThreadsCpu.now().map(after -> after.since(b).jitMillis())).orElse(Double.NaN);
  }

  /**
   * Sends the bench's orders over {@code skus} SKUs, each stocked first, and waits until all have
   * succeeded, recorded with JFR if asked and {@code recorded}.
   */
  private Loop endToEnd(S3Client s3, SqsClient sqs, String queue, String prefix, int skus, boolean recorded)
      throws Exception {
    for (int n = 0; n < skus; n++) {
      stock(s3, sku(prefix, n, skus), orders);
    }
    String jfr = recorded ? System.getProperty("bench.jfr") : null;
    try (Recording recording = jfr == null ? null : new Recording(
        Configuration.getConfiguration(System.getProperty("bench.jfr.settings", "profile")))) {
      if (recording != null) {
        recording.setDestination(Path.of(jfr));
        recording.start();
      }
      Optional<Map<String, JvmThreadsCpu.ThreadCpu>> threadsBefore = JvmThreadsCpu.threads();
      long cpu = OS.getProcessCpuTime();
      long started = System.nanoTime();
      Instant from = Instant.now();
      sendOrders(sqs, queue, prefix, orders, skus);
      awaitDrained(sqs, queue, Duration.ofMinutes(30));
      Loop loop = new Loop(orders, (System.nanoTime() - started) / 1e9, (OS.getProcessCpuTime() - cpu) / 1e9,
          threadMillisSince(threadsBefore));
      // to cut the window out of a recording of the whole run (-XX:StartFlightRecording: a recording started
      // later makes the JIT compile much of the stack again)
      System.err.printf("end-to-end run %s: from %s to %s%n", prefix, from, Instant.now());
      if (recording != null) {
        recording.stop();
      }
      checkSettled(s3, prefix, orders);
      return loop;
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
      String body = order(orderId, sku("steady"));
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

  /**
   * SQS messages as the stack moves them: the producer sends batches of 10 (as {@link #sendOrders}
   * does), a consumer receives up to 10 at a time with the attributes the trigger asks for, and settles
   * them with one batch delete. One operation is one message.
   */
  private static Loop rawSqs(SqsClient sqs, int threads, int messages) throws Exception {
    String queue = sqs.createQueue(r -> r.queueName("bench-raw")).queueUrl();
    return timed(threads, messages / SQS_BATCH, SQS_BATCH, (n, thread) -> {
      List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
      for (int i = 0; i < SQS_BATCH; i++) {
        batch.add(SendMessageBatchRequestEntry.builder().id("m" + i).messageBody(order("raw-" + n + "-" + i, sku("raw"))).build());
      }
      sqs.sendMessageBatch(r -> r.queueUrl(queue).entries(batch));
      for (int settled = 0; settled < SQS_BATCH; ) {
        List<software.amazon.awssdk.services.sqs.model.Message> received = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(SQS_BATCH)
            .waitTimeSeconds(1).visibilityTimeout(30)
            .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                MessageSystemAttributeName.SENT_TIMESTAMP, MessageSystemAttributeName.MESSAGE_GROUP_ID)
            .messageAttributeNames("All")).messages();
        if (received.isEmpty()) {
          continue;
        }
        List<DeleteMessageBatchRequestEntry> deletes = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
          deletes.add(DeleteMessageBatchRequestEntry.builder().id("d" + i)
              .receiptHandle(received.get(i).receiptHandle()).build());
        }
        sqs.deleteMessageBatch(r -> r.queueUrl(queue).entries(deletes));
        settled += received.size();
      }
    });
  }

  /**
   * The store requests of one order, on records of about the same size and on new keys like an order's:
   * run record, idempotency record, flag and order each created ({@code If-None-Match: *}), the
   * idempotency record completed and the thread's stock record replaced on the ETags the writes gave
   * ({@code If-Match}), the flag and the stock read. One operation is one order.
   */
  private static Loop rawOrderStore(S3Client s3, int threads, int orders) throws Exception {
    S3ConditionalStore state = new S3ConditionalStore(s3, "state");
    S3ConditionalStore shop = new S3ConditionalStore(s3, "orders");
    String[] stockEtags = new String[threads + 1];
    long loop = System.nanoTime();
    return timed(threads, orders, 1, (n, thread) -> {
      String id = "raw-" + thread + "-" + n + "-" + System.nanoTime();
      // a stock record per thread and loop: each loop's first write creates it, as its first order did
      String stockKey = "bench/stock-" + loop + "-" + thread + ".json";
      create(state, "runs/bench/" + id + ".json", id);
      String taken = create(state, "idempotency/bench/" + id + ".json", id);
      replace(state, "idempotency/bench/" + id + ".json", id, taken);
      create(state, "orders-raw/" + id + ".json", id);
      create(shop, "orders-raw/" + id + ".json", id);
      stockEtags[thread] = stockEtags[thread] == null ? create(shop, stockKey, id)
          : replace(shop, stockKey, id, stockEtags[thread]);
      state.read("orders-raw/" + id + ".json").orElseThrow();
      shop.read(stockKey).orElseThrow();
    });
  }

  /**
   * The store loop with an S3 client on the SDK's endpoint rules (before) and with the stack's client
   * (after), in alternating rounds after a round of each to warm up, so that neither side gets the JIT's
   * compiling or a neighbour's burst alone. Answers {before, after}, each the sum of its rounds.
   */
  private static Loop[] rawOrderStoreBeforeAfter(EmbeddedStack stack, S3Client s3, int threads) throws Exception {
    try (S3Client byRules = StorageClients.s3(EndpointSettings.local(stack.s3Uri(), "minioadmin", "minioadmin"),
        List.of(), Resolution.SDK_RULES)) {
      rawOrderStore(byRules, threads, 100);
      rawOrderStore(s3, threads, 100);
      Loop before = null;
      Loop after = null;
      for (int round = 0; round < 3; round++) {
        before = rawOrderStore(byRules, threads, 150).plus(before);
        after = rawOrderStore(s3, threads, 150).plus(after);
      }
      return new Loop[] {before, after};
    }
  }

  private static String create(S3ConditionalStore store, String key, String id) {
    try {
      return store.create(key, record(id), "application/json");
    } catch (PreconditionFailedException sentTwice) {
      return resentWrite(store, key);
    }
  }

  private static String replace(S3ConditionalStore store, String key, String id, String etag) {
    try {
      return store.replace(key, record(id), "application/json", etag);
    } catch (PreconditionFailedException sentTwice) {
      return resentWrite(store, key);
    }
  }

  /**
   * The JDK's HTTP client can fail a write the store applied, and the SDK then sends it again: the
   * second copy loses to the first; read the ETag it left, as the order path does.
   */
  private static String resentWrite(S3ConditionalStore store, String key) {
    return store.read(key).orElseThrow().etag();
  }

  private static byte[] record(String id) {
    return ("{\"id\":\"" + id + "\",\"pad\":\"" + "x".repeat(300) + "\"}").getBytes(StandardCharsets.UTF_8);
  }

  /** Mails as the order-processor sends them: over one SMTP connection each thread keeps open. */
  private static Loop rawMail(EmbeddedStack stack, int threads, int mails) throws Exception {
    Properties properties = new Properties();
    properties.put("mail.smtp.host", stack.options().host());
    properties.put("mail.smtp.port", String.valueOf(stack.options().smtpPort()));
    Session session = Session.getInstance(properties);
    Transport[] connections = new Transport[threads + 1];
    try {
      return timed(threads, mails, 1, (n, thread) -> {
        if (connections[thread] == null) {
          connections[thread] = session.getTransport("smtp");
          connections[thread].connect();
        }
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("orders@fnjobs.local"));
        message.setRecipients(Message.RecipientType.TO, "bench@example.com");
        message.setSubject("Order raw-" + n + " confirmed: 12.50 EUR", "UTF-8");
        message.setText("Hello,\n\nyour order raw-" + n + " is confirmed.\n\nTotal: 12.50 EUR\n", "UTF-8");
        message.saveChanges();
        connections[thread].sendMessage(message, message.getAllRecipients());
      });
    } finally {
      for (Transport connection : connections) {
        if (connection != null) {
          connection.close();
        }
      }
    }
  }

  /**
   * Runs {@code calls} calls on {@code threads} threads (numbered from 1), after a warm-up of a tenth as
   * many on thread 0's part (so that the JIT's compiling is not counted as the operations' CPU); each
   * call makes {@code perCall} operations. Answers the operations, the wall-clock time and the process
   * CPU time the loop took.
   */
  private static Loop timed(int threads, int calls, int perCall, Operation operation) throws Exception {
    for (int i = 0; i < Math.max(20, calls / 10); i++) {
      operation.run(-1 - i, 0);
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    AtomicLong callersCpu = new AtomicLong();
    Optional<Map<String, JvmThreadsCpu.ThreadCpu>> threadsBefore = JvmThreadsCpu.threads();
    long cpu = OS.getProcessCpuTime();
    long started = System.nanoTime();
    List<Future<?>> workers = new ArrayList<>();
    for (int t = 1; t <= threads; t++) {
      int thread = t;
      workers.add(pool.submit(() -> {
        long own = THREADS.getCurrentThreadCpuTime();
        for (int n = next.getAndIncrement(); n < calls; n = next.getAndIncrement()) {
          operation.run(n, thread);
        }
        callersCpu.addAndGet(THREADS.getCurrentThreadCpuTime() - own);
        return null;
      }));
    }
    for (Future<?> worker : workers) {
      worker.get();
    }
    Loop loop = new Loop((long) calls * perCall, (System.nanoTime() - started) / 1e9,
        (OS.getProcessCpuTime() - cpu) / 1e9, callersCpu.get() / 1e9, threadMillisSince(threadsBefore));
    pool.shutdown();
    return loop;
  }

  /**
   * What a loop did: operations, in wall-clock seconds, using process CPU seconds, of which the calling
   * threads' own (the clients' side: the servers answer on threads of their own).
   */
  record Loop(long operations, double seconds, double cpuSeconds, double callersCpuSeconds,
      Map<String, Double> threadMillis) {
    Loop(long operations, double seconds, double cpuSeconds, Map<String, Double> threadMillis) {
      this(operations, seconds, cpuSeconds, 0, threadMillis);
    }

    /** This loop and an earlier one of the same operations, as one (the earlier one may be null). */
    Loop plus(Loop earlier) {
      if (earlier == null) {
        return this;
      }
      Map<String, Double> threads = new HashMap<>(threadMillis);
      earlier.threadMillis.forEach((kind, millis) -> threads.merge(kind, millis, Double::sum));
      return new Loop(operations + earlier.operations, seconds + earlier.seconds,
          cpuSeconds + earlier.cpuSeconds, callersCpuSeconds + earlier.callersCpuSeconds, threads);
    }

    /** CPU per operation by kind of thread, in milliseconds (empty where the JVM's threads cannot be read). */
    Map<String, Double> threadMillisPerOperation() {
      Map<String, Double> per = new HashMap<>();
      threadMillis.forEach((kind, millis) -> per.put(kind, millis / operations));
      return per;
    }

    double rate() {
      return operations / seconds;
    }

    double cpuPerOperation() {
      return cpuSeconds / operations;
    }
  }

  /** A warm-up as the table says it: how many orders, and whether the JIT settled. */
  private static String warmUpSaid(int orders) {
    return orders + " warm-up orders" + (orders < MAX_WARM_UP_ROUNDS * WARM_UP
        ? String.format(Locale.ROOT, " (the JIT under %.0f%% of the CPU of %d rounds in a row)", 100 * JIT_SETTLED,
            SETTLED_ROUNDS)
        : " (the most the bench sends: the JIT had not settled)");
  }

  /** What the loop's operations cost the JIT's compiler threads, in milliseconds per operation. */
  private static double jitPerOperation(Loop loop) {
    return loop.threadMillisPerOperation().getOrDefault(JvmThreadsCpu.JIT_THREADS, 0.0);
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  @FunctionalInterface
  private interface Operation {
    void run(int n, int thread) throws Exception;
  }

  private static void sendOrders(SqsClient sqs, String queue, String prefix, int count) {
    sendOrders(sqs, queue, prefix, count, 1);
  }

  private static void sendOrders(SqsClient sqs, String queue, String prefix, int count, int skus) {
    for (int from = 0; from < count; from += 10) {
      List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
      for (int n = from; n < Math.min(count, from + 10); n++) {
        String body = order(prefix + "-" + n, sku(prefix, n, skus));
        batch.add(SendMessageBatchRequestEntry.builder().id("o" + n).messageBody(body).build());
      }
      sqs.sendMessageBatch(r -> r.queueUrl(queue).entries(batch));
    }
  }

  /** The SKU a phase of the bench orders: {@code warm-3} is phase {@code warm}. */
  private static String sku(String phase) {
    return "BENCH-" + phase.replaceAll("-[0-9]+$", "");
  }

  /** The SKU order {@code n} of a phase orders: the phase's one SKU, or one of its {@code skus} in turn. */
  private static String sku(String phase, int n, int skus) {
    return skus == 1 ? sku(phase) : sku(phase) + "-" + n % skus;
  }

  private static String order(String orderId, String sku) {
    ObjectNode body = JSON.createObjectNode().put("orderId", orderId).put("sequence", 1).put("type", "place");
    body.putObject("customer").put("email", "bench@example.com").put("name", "Bench");
    body.putArray("items").addObject().put("sku", sku).put("quantity", 1).put("unitPrice", "12.50");
    body.put("currency", "EUR");
    return body.toString();
  }

  private static void stock(S3Client s3, String sku, int available) {
    s3.putObject(r -> r.bucket("orders").key("inventory/" + sku + ".json"),
        RequestBody.fromString("{\"sku\":\"" + sku + "\",\"available\":" + available + ",\"holds\":{}}"));
  }

  /**
   * Waits until the queue holds no message, visible or in flight: every order is settled. Looks every
   * 20 ms once few are left, and every 200 ms before: the end is still seen within 20 ms, while the
   * looks, whose CPU the end-to-end run counts as the stack's, stay far fewer than the orders.
   */
  private static void awaitDrained(SqsClient sqs, String queue, Duration timeout) throws InterruptedException {
    Instant giveUp = Instant.now().plus(timeout);
    while (Instant.now().isBefore(giveUp)) {
      Map<QueueAttributeName, String> counts = sqs.getQueueAttributes(r -> r.queueUrl(queue).attributeNames(
          QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
          .attributes();
      long left = counts.values().stream().mapToLong(Long::parseLong).sum();
      if (left == 0) {
        return;
      }
      // a message left takes at least an invocation of about 20 ms: past a few of them, 200 ms ends no sooner
      Thread.sleep(left > 4L * SQS_BATCH ? 200 : 20);
    }
    throw new IllegalStateException("the orders queue did not drain within " + timeout);
  }

  private static void checkSettled(S3Client s3, String prefix, int count) throws IOException {
    for (int n = 0; n < count; n++) {
      JsonNode flag = flag(s3, prefix + "-" + n);
      String state = flag.path("state").asText();
      if (!state.equals("succeeded")) {
        throw new IllegalStateException("order " + prefix + "-" + n + " ended " + state + " (" + flag.path("error")
            + "): the run is not valid");
      }
    }
  }

  private static JsonNode flag(S3Client s3, String orderId) throws IOException {
    return JSON.readTree(s3.getObjectAsBytes(r -> r.bucket("state").key("orders/" + orderId + ".json")).asByteArray());
  }

  private void row(String label, Loop loop, String unit, String operation) {
    rows.add(String.format("%-62s %9.1f %-9s %7.2f ms CPU per %s", label, loop.rate(), unit,
        1000 * loop.cpuPerOperation(), operation));
  }

  /**
   * A raw store loop's row, with the CPU per request too: the process's (client and store) and the
   * calling threads' own (the S3 client's side, which the client's configuration moves).
   */
  private void storeRow(String label, Loop loop) {
    int requests = PUTS_PER_ORDER + GETS_PER_ORDER;
    rows.add(String.format("%-62s %9.1f %-9s %7.2f ms CPU per order; per request %.3f ms, %.3f ms the client's",
        label, loop.rate(), "orders/s", 1000 * loop.cpuPerOperation(), 1000 * loop.cpuPerOperation() / requests,
        1000 * loop.callersCpuSeconds() / loop.operations() / requests));
  }

  private void print(int threads) {
    System.out.println();
    System.out.printf("orders on the embedded stack, %d cores, raw loops on %d threads (the trigger's consumers)%n",
        Runtime.getRuntime().availableProcessors(), threads);
    System.out.println("-".repeat(108));
    rows.forEach(System.out::println);
    System.out.println();
    System.out.println("bound = cores / (CPU per SQS message + CPU per order's PUTs and GETs + CPU per mail), each the");
    System.out.println("process CPU time of its raw loop over its operations: what the cores could carry if the stack");
    System.out.println("added nothing. The stack's own CPU = CPU per order end to end - that sum. On a loaded box judge");
    System.out.println("by the CPU ratio: the wall-clock ratio then measures the neighbours.");
  }
}
