package io.fnjobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The trigger layer's admin API over HTTP: reads are open, actions carry the admin token when there
 * is one. Every answer is JSON; an error answer becomes a {@link RefusedException} with the trigger
 * layer's own message, an address where nothing answers a {@link NoTriggerLayerException}.
 */
final class AdminClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT = Duration.ofSeconds(5);

  private final URI base;
  private final String token;
  private final Duration timeout;
  private final HttpClient http;

  /**
   * @param token the admin token, or "" for none
   * @param timeout how long a request may take; null for no limit (a run waited for)
   */
  AdminClient(URI base, String token, Duration timeout) {
    this.base = base;
    this.token = token == null ? "" : token.trim();
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(CONNECT).build();
  }

  JsonNode get(String path, Map<String, String> query) {
    return send("GET", path + queryString(query));
  }

  JsonNode post(String path, Map<String, String> query) {
    return send("POST", path + queryString(query));
  }

  /** A path segment, percent-encoded (a space as %20, a slash kept out). */
  static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** Segments separated by slashes, each encoded: a subject such as an object key. */
  static String segments(String text) {
    return Arrays.stream(text.split("/", -1)).map(AdminClient::segment).collect(Collectors.joining("/"));
  }

  private JsonNode send(String method, String pathAndQuery) {
    URI uri = URI.create(base.toString().replaceAll("/+$", "") + pathAndQuery);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody())
        .header("Accept", "application/json");
    if (timeout != null) {
      request.timeout(timeout);
    }
    if (!"GET".equals(method) && !token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new NoTriggerLayerException(base);
    } catch (HttpTimeoutException e) {
      throw new RefusedException("the trigger layer at " + base + " did not answer " + method + " " + pathAndQuery
          + " within " + timeout.toSeconds() + " s");
    } catch (IOException e) {
      throw new NoTriggerLayerException(base, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RefusedException("interrupted while waiting for " + method + " " + pathAndQuery);
    }
    JsonNode body = parse(response);
    if (response.statusCode() >= 400) {
      throw new RefusedException(refusal(response.statusCode(), body));
    }
    return body;
  }

  private JsonNode parse(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new RefusedException("the answer of " + base + " (HTTP " + response.statusCode() + ") is not JSON:"
          + " is --url the trigger layer's admin address, such as http://127.0.0.1:8081?");
    }
  }

  private String refusal(int status, JsonNode body) {
    String message = body.path("error").asText("HTTP " + status);
    if (status == 401) {
      return message + (token.isEmpty()
          ? "; set FNJOBS_ADMIN_TOKEN to the trigger layer's admin token"
          : "; FNJOBS_ADMIN_TOKEN here differs from the trigger layer's");
    }
    return message + " (HTTP " + status + ")";
  }

  private static String queryString(Map<String, String> query) {
    String joined = query.entrySet().stream()
        .filter(entry -> entry.getValue() != null && !entry.getValue().isEmpty())
        .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    return joined.isEmpty() ? "" : "?" + joined;
  }
}
