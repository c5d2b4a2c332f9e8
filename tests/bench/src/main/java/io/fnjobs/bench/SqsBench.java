package io.fnjobs.bench;

import com.sun.management.OperatingSystemMXBean;
import io.fnjobs.localdev.sqs.EmbeddedSqs;
import io.fnjobs.localdev.sqs.SqsServerOptions;
import java.nio.file.Files;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Messages per second through the embedded SQS server alone (in this JVM, its messages in an H2 file
 * in a temporary folder), for what its durability costs: sends in batches of 10 on several threads,
 * single sends on one thread, and receiving and deleting in batches of 10 on several threads (each
 * kept change is written to the file before it is answered). Each phase works on a queue of its own
 * after a warm-up. Besides the rate, the CPU time this JVM (server and client) spent per message: on a
 * busy machine the rate follows the other processes' load, the CPU time much less.
 *
 * <p>Arguments: {@code [messages per phase, default 10000] [threads, default 4]}. Run with
 * run-sqs-bench.sh.
 */
public final class SqsBench {

  private static final String BODY = "{\"orderId\":\"A-1001\",\"sequence\":1,\"type\":\"place\",\"pad\":\""
      + "x".repeat(200) + "\"}";

  private final int messages;
  private final int threads;
  private final SqsClient sqs;
  private final List<String> rows = new ArrayList<>();
  private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private SqsBench(int messages, int threads, SqsClient sqs) {
    this.messages = messages;
    this.threads = threads;
    this.sqs = sqs;
  }

  public static void main(String[] args) throws Exception {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    Path data = Files.createTempDirectory("sqs-bench");
    try (EmbeddedSqs server = EmbeddedSqs.start(SqsServerOptions.builder().port(0).dataDir(data).build());
        SqsClient sqs = SqsClient.builder()
            .endpointOverride(server.uri())
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .httpClient(UrlConnectionHttpClient.create())
            .build()) {
      new SqsBench(messages, threads, sqs).run();
    }
    System.exit(0);
  }

  private void run() throws Exception {
    String warm = sqs.createQueue(r -> r.queueName("warm-up")).queueUrl();
    sendBatches(warm, Math.min(messages, 2000));
    receiveAndDelete(warm, Math.min(messages, 2000));

    String batched = sqs.createQueue(r -> r.queueName("batched")).queueUrl();
    measure("SendMessageBatch (10 a request), " + threads + " threads", messages, () -> sendBatches(batched, messages));
    measure("ReceiveMessage (10) + DeleteMessageBatch, " + threads + " threads", messages,
        () -> receiveAndDelete(batched, messages));
    String single = sqs.createQueue(r -> r.queueName("single")).queueUrl();
    int singles = Math.max(1, messages / 5);
    measure("SendMessage, 1 thread (" + singles + " messages)", singles,
        () -> timed(1, singles, () -> sqs.sendMessage(r -> r.queueUrl(single).messageBody(BODY)), 1));

    System.out.println();
    System.out.printf("embedded SQS, %d cores, %d messages per phase, %d-byte bodies%n",
        Runtime.getRuntime().availableProcessors(), messages, BODY.length());
    System.out.printf("%-52s %10s %18s%n", "", "msg/s", "CPU ms/1000 msg");
    System.out.println("-".repeat(82));
    rows.forEach(System.out::println);
  }

  private double sendBatches(String queue, int count) throws Exception {
    List<SendMessageBatchRequestEntry> entries = IntStream.range(0, 10)
        .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(BODY).build())
        .toList();
    return timed(threads, count / 10, () -> {
      if (!sqs.sendMessageBatch(r -> r.queueUrl(queue).entries(entries)).failed().isEmpty()) {
        throw new IllegalStateException("a batch entry was refused");
      }
    }, 10);
  }

  /** Takes {@code count} messages off the queue, 10 a request, deleting each batch it gets. */
  private double receiveAndDelete(String queue, int count) throws Exception {
    AtomicInteger left = new AtomicInteger(count);
    long started = System.nanoTime();
    runOn(threads, () -> {
      while (left.get() > 0) {
        List<Message> received = sqs.receiveMessage(r -> r.queueUrl(queue).maxNumberOfMessages(10)
            .visibilityTimeout(60).waitTimeSeconds(1)).messages();
        if (received.isEmpty()) {
          continue;
        }
        List<DeleteMessageBatchRequestEntry> deletes = IntStream.range(0, received.size())
            .mapToObj(i -> DeleteMessageBatchRequestEntry.builder().id("d" + i)
                .receiptHandle(received.get(i).receiptHandle()).build())
            .toList();
        sqs.deleteMessageBatch(r -> r.queueUrl(queue).entries(deletes));
        left.addAndGet(-received.size());
      }
    });
    return count / ((System.nanoTime() - started) / 1e9);
  }

  /** Runs {@code calls} calls on {@code threadCount} threads; answers messages per second. */
  private static double timed(int threadCount, int calls, Runnable call, int messagesPerCall) throws Exception {
    AtomicInteger next = new AtomicInteger();
    long started = System.nanoTime();
    runOn(threadCount, () -> {
      while (next.getAndIncrement() < calls) {
        call.run();
      }
    });
    return (double) calls * messagesPerCall / ((System.nanoTime() - started) / 1e9);
  }

  private static void runOn(int threadCount, Runnable work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threadCount);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threadCount; t++) {
        workers.add(pool.submit(work));
      }
      for (Future<?> worker : workers) {
        worker.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Runs a phase; adds its rate and the CPU time this JVM spent on it per 1000 messages. */
  private void measure(String what, int count, Phase phase) throws Exception {
    long cpuBefore = os.getProcessCpuTime();
    double perSecond = phase.run();
    double cpuMillis = (os.getProcessCpuTime() - cpuBefore) / 1e6;
    rows.add(String.format("%-52s %10.0f %18.0f", what, perSecond, cpuMillis * 1000 / count));
  }

  @FunctionalInterface
  private interface Phase {
    /** Answers messages per second. */
    double run() throws Exception;
  }
}
