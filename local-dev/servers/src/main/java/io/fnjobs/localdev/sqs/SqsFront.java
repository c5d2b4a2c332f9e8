package io.fnjobs.localdev.sqs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQS endpoint clients talk to: answers itself what SQS refuses for size ({@link MessageSizeLimit}),
 * which ElasticMQ would take, and passes every other request to ElasticMQ, listening on a loopback port
 * of its own, and ElasticMQ's answer back unchanged.
 */
final class SqsFront implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SqsFront.class);

  static {
    // the JDK server writes an answer's headers and body separately: without TCP_NODELAY the body waits
    // for the client's delayed ACK, ~40 ms a request. The JDK reads this once, when the process makes
    // its first HttpServer (the embedded stack starts SQS first)
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  /** Hop-by-hop headers, and those the JDK's HTTP client sets itself. */
  private static final Set<String> NOT_PASSED_ON = Set.of(
      "connection", "content-length", "expect", "host", "keep-alive", "proxy-connection", "te", "trailer",
      "transfer-encoding", "upgrade");

  private final HttpServer server;
  private final ExecutorService workers;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private volatile URI backend;

  private SqsFront(HttpServer server, ExecutorService workers) {
    this.server = server;
    this.workers = workers;
  }

  /**
   * Takes the port now, so that a port in use fails before ElasticMQ starts; answers requests once
   * {@link #start} names the server behind.
   *
   * @throws SqsPortInUseException when another process holds the port
   */
  static SqsFront bind(String host, int port) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(host), port), 0);
    } catch (IOException e) {
      throw new SqsPortInUseException(host, port, e);
    }
    AtomicInteger threads = new AtomicInteger();
    // a thread per request in flight: a long poll holds one for up to 20 s
    ExecutorService workers = Executors.newCachedThreadPool(work -> {
      Thread thread = new Thread(work, "sqs-front-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(workers);
    SqsFront front = new SqsFront(server, workers);
    server.createContext("/", front::handle);
    return front;
  }

  int port() {
    return server.getAddress().getPort();
  }

  void start(URI backend) {
    this.backend = backend;
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Optional<SendRequest> send = SendRequest.read(
          exchange.getRequestHeaders().getFirst("X-Amz-Target"), exchange.getRequestURI().getRawQuery(), body);
      Optional<SqsError> refusal = send.flatMap(MessageSizeLimit::refusal);
      if (refusal.isPresent()) {
        LOG.info("SQS refused a send to {}: {}", exchange.getRequestURI().getPath(), refusal.get().message());
        answer(exchange, send.get().protocol(), refusal.get());
      } else {
        passOn(exchange, body);
      }
    }
  }

  private static void answer(HttpExchange exchange, SendRequest.Protocol protocol, SqsError error) throws IOException {
    String requestId = UUID.randomUUID().toString();
    error.headers(protocol, requestId).forEach(exchange.getResponseHeaders()::set);
    byte[] body = error.body(protocol, requestId);
    exchange.sendResponseHeaders(SqsError.STATUS, body.length);
    exchange.getResponseBody().write(body);
  }

  private void passOn(HttpExchange exchange, byte[] body) throws IOException {
    String query = exchange.getRequestURI().getRawQuery();
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create(backend + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query)))
        .method(exchange.getRequestMethod(),
            body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange.getRequestHeaders().forEach((name, values) -> {
      if (!NOT_PASSED_ON.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> request.header(name, value));
      }
    });
    HttpResponse<byte[]> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(exchange, 503, "the SQS server is stopping");
      return;
    } catch (IOException e) {
      LOG.warn("the SQS server behind {} did not answer: {}", backend, e.toString());
      fail(exchange, 502, "the SQS server did not answer: " + e.getMessage());
      return;
    }
    for (Map.Entry<String, List<String>> header : response.headers().map().entrySet()) {
      if (!NOT_PASSED_ON.contains(header.getKey().toLowerCase(Locale.ROOT)) && !header.getKey().startsWith(":")) {
        exchange.getResponseHeaders().put(header.getKey(), header.getValue());
      }
    }
    byte[] answer = response.body();
    boolean bodiless = answer.length == 0 || "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(response.statusCode(), bodiless ? -1 : answer.length);
    if (!bodiless) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(answer);
      }
    }
  }

  private static void fail(HttpExchange exchange, int status, String message) throws IOException {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  /** Stops listening at once; requests in flight are cut off. */
  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
