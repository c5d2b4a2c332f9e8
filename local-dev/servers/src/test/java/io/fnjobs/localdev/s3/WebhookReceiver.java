package io.fnjobs.localdev.s3;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** A real HTTP receiver on loopback that records what a webhook sender posts, answering as told. */
final class WebhookReceiver implements AutoCloseable {

  /** One POST as received. */
  record Delivery(String authorization, String contentType, JsonNode body) {}

  private final ObjectMapper json = new ObjectMapper();
  private final HttpServer server;
  private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
  private final ConcurrentLinkedQueue<Integer> nextStatuses = new ConcurrentLinkedQueue<>();
  private final List<Integer> answered = new CopyOnWriteArrayList<>();

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/events", exchange -> {
      byte[] body = exchange.getRequestBody().readAllBytes();
      Integer status = nextStatuses.poll();
      int answer = status == null ? 200 : status;
      answered.add(answer);
      if (answer == 200) {
        accepted.add(new Delivery(exchange.getRequestHeaders().getFirst("Authorization"),
            exchange.getRequestHeaders().getFirst("Content-Type"), json.readTree(body)));
      }
      exchange.sendResponseHeaders(answer, -1);
      exchange.close();
    });
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/events");
  }

  /** The next POSTs are answered with these statuses, in order; later ones with 200. */
  void answerNext(Integer... statuses) {
    nextStatuses.addAll(List.of(statuses));
  }

  List<Integer> answered() {
    return List.copyOf(answered);
  }

  /** Waits up to five seconds for {@code count} accepted deliveries and returns all accepted so far. */
  List<Delivery> awaitAccepted(int count) throws InterruptedException {
    Instant giveUp = Instant.now().plus(Duration.ofSeconds(5));
    while (accepted.size() < count && Instant.now().isBefore(giveUp)) {
      Thread.sleep(20);
    }
    return new ArrayList<>(accepted);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
