package io.fnjobs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.triggers.runtime.QueueClients;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Clients of a running stack, as an application would use them: the AWS SDK and plain HTTP. */
final class StackClients {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Below Linux's default ephemeral range (32768-60999) and above the ports services commonly take. */
  private static final int PORTS_FROM = 20_000;
  private static final int PORTS_UNTIL = 32_000;

  private StackClients() {}

  static S3Client s3(EmbeddedStack stack) {
    return StorageClients.s3(EndpointSettings.local(stack.s3Uri(), "minioadmin", "minioadmin"));
  }

  static SqsClient sqs(EmbeddedStack stack) {
    return QueueClients.sqs(EndpointSettings.local(stack.sqsUri(), "x", "x"));
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Answer(int status, JsonNode json, String text, HttpResponse<String> raw) {}

  static Answer get(URI uri) {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build());
  }

  static Answer post(URI uri, String body) {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  static Answer put(URI uri, String body) {
    return send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode json = null;
      try {
        json = JSON.readTree(response.body());
      } catch (IOException notJson) {
        // the caller asserts on text() then
      }
      return new Answer(response.statusCode(), json, response.body(), response);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Ports that were free a moment ago, chosen up front so a test can check them again later or start a
   * stack on them again. They are drawn at random below the kernel's range for ephemeral ports, so that
   * no outgoing connection of this or another test's process (surefire runs some classes side by side)
   * takes one as its local port while a stack is down between a kill and its restart.
   */
  static List<Integer> freePorts(int count) {
    Set<Integer> ports = new LinkedHashSet<>();
    while (ports.size() < count) {
      int port = ThreadLocalRandom.current().nextInt(PORTS_FROM, PORTS_UNTIL);
      if (isFree(port)) {
        ports.add(port);
      }
    }
    return List.copyOf(ports);
  }

  /** Whether nothing listens on the port: binding it succeeds. */
  static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
