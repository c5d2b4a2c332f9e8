package io.fnjobs.localdev.sqs;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.fnjobs.localdev.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.elasticmq.server.ElasticMQServer;
import org.elasticmq.server.config.ElasticMQServerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Function0;
import scalikejdbc.ConnectionPool;
import scalikejdbc.ConnectionPoolSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * An SQS-compatible server in this JVM: ElasticMQ, queues and messages kept in an H2 database file in
 * the data folder, region {@code us-east-1}, any credentials accepted. Creates the queues it is given,
 * with their visibility timeout and dead-letter queue (redrive after {@code maxReceiveCount} receives).
 *
 * <p>A send, receive, visibility change or delete is in the file before it is answered, so what a
 * client was answered survives the process being killed (SIGKILL). The file is not synced to the disk
 * on every change: a power cut can lose what the operating system had not written out yet.
 *
 * <p>Clients talk to a front ({@link SqsFront}) that refuses messages and batches over 256 KiB as SQS
 * does ({@link MessageSizeLimit}) and passes everything else to ElasticMQ on a loopback port of its own.
 *
 * <p>Limits, all ElasticMQ 1.7.1's:
 *
 * <ul>
 *   <li>A queue's retention is not enforced: messages stay until deleted.
 *   <li>After a restart, a message that had been moved to a dead-letter queue is back in its source
 *       queue as well (ElasticMQ does not remove it from the source's table when it moves it), and its
 *       next receive moves it again: the dead-letter queue then holds it twice. The queue trigger's
 *       dead-letter tooling lists copies of one message once and drops a dead letter it already
 *       redrove (io.fnjobs.triggers.queue.DeadLetterQueues).
 *   <li>One embedded SQS per JVM at a time: ElasticMQ keeps its database connections in a JVM-wide
 *       pool. Starting again after {@link #close()} is fine, on the same or another data folder.
 * </ul>
 */
public final class EmbeddedSqs implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSqs.class);
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(2);

  private static final String REGION = "us-east-1";
  private static final String ACCOUNT_ID = "000000000000";
  private static final AtomicBoolean RUNNING = new AtomicBoolean();

  private final SqsFront front;
  private final Function0<?> shutdown;
  private final URI uri;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedSqs(SqsFront front, Function0<?> shutdown, URI uri) {
    this.front = front;
    this.shutdown = shutdown;
    this.uri = uri;
  }

  /**
   * Starts the server and returns once every queue of the options exists.
   *
   * @throws SqsPortInUseException when another process holds the port
   * @throws SqsStartException when the queues do not all exist within the options' ready wait
   * @throws IllegalStateException when an embedded SQS already runs in this JVM
   */
  public static EmbeddedSqs start(SqsServerOptions options) {
    if (!RUNNING.compareAndSet(false, true)) {
      throw new IllegalStateException("an embedded SQS server already runs in this JVM; close it first "
          + "(ElasticMQ's message store is one per JVM)");
    }
    SqsFront front = null;
    Function0<?> shutdown = null;
    try {
      Files.createDirectories(options.dataDir());
      front = SqsFront.bind(options.host(), options.port());
      URI uri = URI.create("http://" + options.host() + ":" + front.port());
      String backendHost = InetAddress.getLoopbackAddress().getHostAddress();
      int backendPort = freePort(backendHost);
      String database = "jdbc:h2:file:" + options.dataDir().toAbsolutePath().resolve("elasticmq")
          // closed by close(), not by H2's own shutdown hook, which could pull it away from a stack still stopping
          + ";DB_CLOSE_ON_EXIT=FALSE"
          // each commit written to the file before the statement returns: ElasticMQ answers a change only
          // once its statement has returned, so an answered change survives a kill. H2's default (500 ms)
          // kept the last half second of answered sends, receives and deletes in memory only.
          + ";WRITE_DELAY=0";
      useDatabase(database);
      shutdown = new ElasticMQServer(new ElasticMQServerConfig(
          config(options, uri, backendHost, backendPort, database))).start();
      front.start(URI.create("http://" + backendHost + ":" + backendPort));
      awaitQueues(uri, options.queues(), options.readyWait());
      LOG.info("SQS API on {} (queues {}; data in {})", uri,
          options.queues().stream().map(Resources.Queue::name).toList(), options.dataDir());
      return new EmbeddedSqs(front, shutdown, uri);
    } catch (IOException e) {
      stop(front, shutdown);
      throw new UncheckedIOException("cannot create the SQS data folder " + options.dataDir(), e);
    } catch (RuntimeException e) {
      stop(front, shutdown);
      throw e;
    }
  }

  /**
   * A free port for ElasticMQ, checked beforehand: a failed bind inside ElasticMQ would leave its actor
   * system running, with threads that keep the JVM alive.
   */
  private static int freePort(String host) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + host + " for the SQS server behind the front", e);
    }
  }

  /**
   * Points scalikejdbc's JVM-wide pool at this data folder. ElasticMQ sets that pool up only the first
   * time a server starts in the JVM, and would otherwise keep using the first data folder ever opened.
   */
  private static void useDatabase(String database) {
    ConnectionPoolSettings settings = ConnectionPool.singleton$default$4();
    ConnectionPool.singleton(database, "", "", settings, ConnectionPool.singleton$default$5(database, "", "", settings));
  }

  /** ElasticMQ listens on {@code backendHost:backendPort}, and names its queues' URLs after {@code uri}. */
  private static Config config(
      SqsServerOptions options, URI uri, String backendHost, int backendPort, String database) {
    Map<String, Object> queues = new LinkedHashMap<>();
    for (Resources.Queue queue : options.queues()) {
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("defaultVisibilityTimeout", queue.visibilityTimeout().toSeconds() + "s");
      if (queue.fifo()) {
        settings.put("fifo", true);
        settings.put("contentBasedDeduplication", queue.contentBasedDeduplication());
      }
      if (queue.deadLetter() != null) {
        settings.put("deadLettersQueue", Map.of(
            "name", queue.deadLetter().queue(), "maxReceiveCount", queue.deadLetter().maxReceiveCount()));
      }
      queues.put(queue.name(), settings);
    }
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("node-address",
        Map.of("protocol", "http", "host", uri.getHost(), "port", uri.getPort(), "context-path", ""));
    root.put("generate-node-address", false);
    root.put("rest-sqs",
        Map.of("enabled", true, "bind-hostname", backendHost, "bind-port", backendPort, "sqs-limits", "strict"));
    root.put("aws", Map.of("region", REGION, "accountId", ACCOUNT_ID));
    root.put("messages-storage", Map.of(
        "enabled", true, "driver-class", "org.h2.Driver", "uri", database, "username", "", "password", "",
        "prune-data-on-init", false));
    root.put("queues", queues);
    // fromMap, unlike parsing text, takes queue names literally, dots and all
    return ConfigValueFactory.fromMap(root).toConfig().withFallback(ConfigFactory.load()).resolve();
  }

  /** ElasticMQ creates and restores queues after {@code start()} has returned. */
  private static void awaitQueues(URI uri, List<Resources.Queue> queues, Duration readyWait) {
    Instant giveUp = Instant.now().plus(readyWait);
    try (SqsClient client = client(uri)) {
      for (Resources.Queue queue : queues) {
        while (true) {
          try {
            client.getQueueUrl(request -> request.queueName(queue.name()));
            break;
          } catch (SdkException e) {
            if (Instant.now().isAfter(giveUp)) {
              throw new SqsStartException("queue " + queue.name() + " did not appear within " + readyWait
                  + "; ElasticMQ's errors above say why (" + e.getMessage() + ")", e);
            }
            sleep(50);
          }
        }
      }
    }
  }

  private static SqsClient client(URI uri) {
    return SqsClient.builder()
        .endpointOverride(uri)
        .region(Region.of(REGION))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SqsStartException("interrupted while waiting for the queues", e);
    }
  }

  /** Where the server listens, e.g. {@code http://127.0.0.1:9324}, with the real port if 0 was asked. */
  public URI uri() {
    return uri;
  }

  /** Stops listening and closes the message store; the port is free again. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stop(front, shutdown);
      LOG.info("SQS API on {} stopped", uri);
    }
  }

  /**
   * ElasticMQ's shutdown unbinds at once, then waits for open requests: a consumer's long poll whose
   * client has already gone keeps it up to 20 s. The stack's stop must not wait for those: past the
   * limit the rest of the shutdown finishes in the background, with the port already free.
   */
  private static void stopWithin(Function0<?> shutdown, Duration limit) {
    Thread stopping = new Thread(shutdown::apply, "elasticmq-shutdown");
    stopping.setDaemon(true);
    stopping.start();
    try {
      stopping.join(limit.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (stopping.isAlive()) {
      LOG.debug("SQS server still answering long polls of clients that have gone; not waiting for them");
    }
  }

  /** Unbinds, ends ElasticMQ's actor system, closes the database, and lets the next server start. */
  private static void stop(SqsFront front, Function0<?> shutdown) {
    try {
      if (front != null) {
        front.close();
      }
      if (shutdown != null) {
        stopWithin(shutdown, SHUTDOWN_WAIT);
      }
      // ElasticMQ is the only user of scalikejdbc; closing its pool closes the H2 file
      ConnectionPool.closeAll();
    } catch (RuntimeException e) {
      LOG.warn("stopping the SQS server failed: {}", e.toString());
    } finally {
      RUNNING.set(false);
    }
  }
}
