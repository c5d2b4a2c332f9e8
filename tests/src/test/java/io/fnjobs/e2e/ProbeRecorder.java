package io.fnjobs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The other end of {@link io.fnjobs.e2e.probe.ProbeFunction}: records every invocation (when it
 * started and ended, with the event's attempt and idempotency key) and tells the function what to do,
 * as the message body asks: {@code {"id": "a", "sleep": 500, "fail": 2, "reject": true, "gate": "g"}}
 * fails the first {@code fail} invocations of message {@code id}, rejects it, answers after
 * {@code sleep} ms, or only once the test opens gate {@code g}.
 */
final class ProbeRecorder implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One invocation as the function reported it. */
  record Invocation(String id, String trigger, String queue, String eventId, String idempotencyKey, int attempt,
      Instant started, Instant ended, String outcome) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final List<Invocation> invocations = new ArrayList<>();
  private final Map<String, CountDownLatch> gates = new ConcurrentHashMap<>();

  ProbeRecorder() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(executor);
    server.createContext("/", this::answer);
    server.start();
  }

  URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  void open(String gate) {
    gate(gate).countDown();
  }

  private CountDownLatch gate(String name) {
    return gates.computeIfAbsent(name, any -> new CountDownLatch(1));
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      Instant started = Instant.now();
      JsonNode event = JSON.readTree(exchange.getRequestBody());
      JsonNode body = JSON.readTree(event.path("message").path("body").asText());
      String id = body.path("id").asText();
      int earlier = invocationsOf(id).size();
      record(event, id, started, null, "running");
      if (body.has("gate")) {
        gate(body.path("gate").asText()).await(2, TimeUnit.MINUTES);
      }
      Thread.sleep(body.path("sleep").asLong(0));
      String outcome = earlier < body.path("fail").asInt(0) ? "fail" : body.path("reject").asBoolean() ? "rejected" : "succeeded";
      record(event, id, started, Instant.now(), outcome);
      byte[] answer = outcome.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, answer.length);
      exchange.getResponseBody().write(answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Keeps one entry per invocation: the running entry is replaced by the ended one. */
  private synchronized void record(JsonNode event, String id, Instant started, Instant ended, String outcome) {
    Invocation invocation = new Invocation(id, event.path("trigger").asText(), event.path("message").path("queue").asText(),
        event.path("eventId").asText(), event.path("idempotencyKey").asText(), event.path("attempt").asInt(), started,
        ended, outcome);
    invocations.removeIf(old -> old.ended() == null && old.id().equals(id) && old.started().equals(started)
        && old.eventId().equals(invocation.eventId()));
    invocations.add(invocation);
  }

  synchronized List<Invocation> invocationsOf(String id) {
    return invocations.stream().filter(invocation -> invocation.id().equals(id))
        .sorted(java.util.Comparator.comparing(Invocation::started)).toList();
  }

  synchronized List<Invocation> all() {
    return invocations.stream().sorted(java.util.Comparator.comparing(Invocation::started)).toList();
  }

  /** Waits until message {@code id} has had {@code count} ended invocations; returns them, oldest first. */
  List<Invocation> await(String id, int count, Duration timeout) {
    Instant giveUp = Instant.now().plus(timeout);
    while (Instant.now().isBefore(giveUp)) {
      List<Invocation> ended = invocationsOf(id).stream().filter(invocation -> invocation.ended() != null).toList();
      if (ended.size() >= count) {
        return ended;
      }
      OrderSupport.sleep(50);
    }
    throw new AssertionError("message " + id + " was not invoked " + count + " times within " + timeout + ": "
        + invocationsOf(id));
  }

  /** Waits until message {@code id} is being invoked. */
  void awaitStarted(String id, Duration timeout) {
    Instant giveUp = Instant.now().plus(timeout);
    while (invocationsOf(id).isEmpty()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new AssertionError("message " + id + " was not invoked within " + timeout);
      }
      OrderSupport.sleep(20);
    }
  }

  @Override
  public void close() {
    gates.values().forEach(CountDownLatch::countDown);
    server.stop(0);
    executor.shutdownNow();
  }
}
