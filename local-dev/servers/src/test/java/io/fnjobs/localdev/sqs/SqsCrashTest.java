package io.fnjobs.localdev.sqs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * What the embedded SQS has acknowledged must survive its process being killed (SIGKILL: no shutdown
 * hook, no close), as it survives on SQS. The server runs in a JVM of its own ({@link SqsServerProcess});
 * the test talks to it over loopback with the AWS SDK, kills it in the middle of a stream of requests
 * from several threads, starts it again on the same data folder and looks for every acknowledged change.
 */
class SqsCrashTest {

  private static final int WRITERS = 3;
  private static final List<SendMessageBatchRequestEntry> BATCH = IntStream.range(0, 10)
      .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("e" + i).messageBody("message " + i).build())
      .toList();
  /** ElasticMQ makes a queue visible first and then puts its restored messages back. */
  private static final Duration RESTORE_WAIT = Duration.ofSeconds(10);

  @TempDir Path dataDir;
  @TempDir Path logDir;

  private final List<SqsServerProcess> processes = new ArrayList<>();
  private final long seed = System.nanoTime();
  private final Random random = new Random(seed);
  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @AfterEach
  void killLeftovers() {
    background.shutdownNow();
    processes.forEach(SqsServerProcess::kill);
  }

  /**
   * Each round starts the server on the data folder the previous round's server was killed on, checks
   * what that round had acknowledged, then sends to its own queue while it deletes the messages of the
   * previous round's queue (but one, so that there is a message to see restored), all from several
   * threads, and kills the server as the sends reach a random count.
   */
  @Test
  void sendAndDelete_shouldKeepEveryAcknowledgedChange_whenTheServerIsKilledMidStream() throws Exception {
    int rounds = 10;
    List<String> queues = IntStream.range(0, rounds).mapToObj(round -> "round-" + round).toList();
    Set<String> sent = Set.of();
    Deletions deletions = null;

    for (int round = 0; round <= rounds; round++) {
      SqsServerProcess server = start(queues);
      try (SqsClient client = client(server.uri())) {
        if (round > 1) {
          assertDeletionsKept(client, queueUrl(client, queues.get(round - 2)), deletions, round - 2);
        }
        String previous = round > 0 ? queueUrl(client, queues.get(round - 1)) : null;
        List<Message> received = List.of();
        if (previous != null) {
          awaitRestored(client, previous);
          received = receiveAll(client, previous);
          assertAllThere(received, sent, round - 1);
        }
        if (round < rounds) {
          int killAfter = 200 + random.nextInt(800);
          List<Message> toDelete = received.isEmpty() ? List.of() : received.subList(1, received.size());
          Future<Deletions> deleting = background.submit(() -> deleteUntilKilled(client, previous, toDelete));
          sent = sendUntilKilled(client, queueUrl(client, queues.get(round)), server, killAfter);
          deletions = deleting.get(60, TimeUnit.SECONDS);
          assertThat(sent).as("acknowledged sends in round %d", round).hasSizeGreaterThanOrEqualTo(killAfter);
        }
      }
    }
  }

  /**
   * Sends batches of 10 from several threads until the server dies; the thread whose batch brings the
   * acknowledged count to {@code killAfter} kills it, while the other threads' batches are in flight.
   * Answers the ids of the acknowledged messages.
   */
  private static Set<String> sendUntilKilled(SqsClient client, String url, SqsServerProcess server, int killAfter)
      throws Exception {
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    inParallel(() -> {
      while (true) {
        try {
          client.sendMessageBatch(b -> b.queueUrl(url).entries(BATCH))
              .successful().forEach(entry -> acknowledged.add(entry.messageId()));
        } catch (SdkException e) {
          return null; // the server is gone: what it answered before is what must survive
        }
        if (acknowledged.size() >= killAfter) {
          server.kill();
        }
      }
    });
    return Set.copyOf(acknowledged);
  }

  /** Deletes the messages in batches of 10 from several threads until they are gone or the server is. */
  private static Deletions deleteUntilKilled(SqsClient client, String url, List<Message> messages) throws Exception {
    ConcurrentLinkedQueue<Message> toDelete = new ConcurrentLinkedQueue<>(messages);
    AtomicInteger acknowledged = new AtomicInteger();
    AtomicInteger sent = new AtomicInteger();
    inParallel(() -> {
      while (true) {
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (Message message; entries.size() < 10 && (message = toDelete.poll()) != null; ) {
          entries.add(DeleteMessageBatchRequestEntry.builder().id("d" + entries.size())
              .receiptHandle(message.receiptHandle()).build());
        }
        if (entries.isEmpty()) {
          return null;
        }
        sent.addAndGet(entries.size());
        try {
          acknowledged.addAndGet(client.deleteMessageBatch(b -> b.queueUrl(url).entries(entries)).successful().size());
        } catch (SdkException e) {
          return null; // the server is gone
        }
      }
    });
    return new Deletions(messages.size() + 1, acknowledged.get(), sent.get());
  }

  /**
   * Deletions made before a kill in a queue of {@code messages}: acknowledged, and sent (some of them
   * cut off by the kill).
   */
  private record Deletions(int messages, int acknowledged, int sent) {}

  private void assertAllThere(List<Message> received, Set<String> acknowledged, int round) {
    Set<String> found = new HashSet<>();
    received.forEach(message -> found.add(message.messageId()));
    Set<String> lost = new HashSet<>(acknowledged);
    lost.removeAll(found);
    assertThat(lost.size())
        .as("acknowledged messages of round %d missing after the kill, of %d (seed %d), e.g. %s",
            round, acknowledged.size(), seed, lost.stream().limit(3).toList())
        .isZero();
  }

  /**
   * Every message was received (and stays invisible for 10 minutes), so what is left in the queue is
   * counted, not received: no more than those not deleted with an acknowledgement, no fewer than those
   * whose deletion was never sent.
   */
  private void assertDeletionsKept(SqsClient client, String url, Deletions deletions, int round)
      throws InterruptedException {
    awaitRestored(client, url);
    Map<String, Integer> counts = messageCounts(client, url);
    int left = counts.values().stream().mapToInt(Integer::intValue).sum();
    assertThat(left)
        .as("messages of round %d left after %d acknowledged deletions of %d (seed %d): %s",
            round, deletions.acknowledged(), deletions.messages(), seed, counts)
        .isBetween(deletions.messages() - deletions.sent(), deletions.messages() - deletions.acknowledged());
    assertThat(counts.get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES.toString()))
        .as("messages of round %d visible again after the kill, though received for 10 minutes", round)
        .isZero();
  }

  /** A queue's messages come back all at once, in one step of its queue actor: any message means all. */
  private static void awaitRestored(SqsClient client, String url) throws InterruptedException {
    Instant giveUp = Instant.now().plus(RESTORE_WAIT);
    while (messageCounts(client, url).values().stream().allMatch(count -> count == 0) && Instant.now().isBefore(giveUp)) {
      Thread.sleep(20);
    }
  }

  private static Map<String, Integer> messageCounts(SqsClient client, String url) {
    Map<String, String> attributes = client.getQueueAttributes(b -> b.queueUrl(url).attributeNames(
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributesAsStrings();
    Map<String, Integer> counts = new TreeMap<>();
    attributes.forEach((name, value) -> counts.put(name, Integer.parseInt(value)));
    return counts;
  }

  /** Receives until the queue has no visible message left; each stays invisible for 10 minutes. */
  private static List<Message> receiveAll(SqsClient client, String url) {
    List<Message> all = new ArrayList<>();
    while (true) {
      List<Message> messages = client.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
          .visibilityTimeout(600).waitTimeSeconds(0)).messages();
      if (messages.isEmpty()) {
        return all;
      }
      all.addAll(messages);
    }
  }

  private static void inParallel(Callable<Void> work) throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(WRITERS);
    try {
      List<Future<Void>> running = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        running.add(threads.submit(work));
      }
      for (Future<Void> thread : running) {
        thread.get(60, TimeUnit.SECONDS);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static String queueUrl(SqsClient client, String queue) {
    return client.getQueueUrl(b -> b.queueName(queue)).queueUrl();
  }

  private SqsServerProcess start(List<String> queues) throws IOException {
    SqsServerProcess server = SqsServerProcess.start(dataDir, queues, logDir.resolve("server-" + processes.size() + ".log"));
    processes.add(server);
    return server;
  }

  private static SqsClient client(URI uri) {
    return SqsClient.builder()
        .endpointOverride(uri)
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
        .httpClient(UrlConnectionHttpClient.create())
        // a request the kill cut off is not acknowledged; retrying it would only wait for a dead server
        .overrideConfiguration(o -> o.retryStrategy(retry -> retry.maxAttempts(1)))
        .build();
  }
}
