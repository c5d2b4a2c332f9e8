package io.fnjobs.fnhost;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** Plain HTTP calls to a host over loopback, as any Fn client makes them. */
final class HttpCalls {

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  HttpCalls(URI base) {
    this.base = base;
  }

  HttpResponse<String> get(String pathAndQuery) {
    return send(HttpRequest.newBuilder(base.resolve(pathAndQuery)).GET().build());
  }

  /** A request as the fn CLI's Go client sends it: a JSON body, or none (null). */
  HttpResponse<String> json(String method, String pathAndQuery, String body) {
    return send(jsonRequest(base.resolve(pathAndQuery), method, body));
  }

  private static HttpRequest jsonRequest(URI uri, String method, String body) {
    return HttpRequest.newBuilder(uri)
        .timeout(Duration.ofSeconds(30))
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  HttpResponse<String> post(URI uri, String body, String... headers) {
    return send(request(uri, body, headers));
  }

  CompletableFuture<HttpResponse<String>> postAsync(URI uri, String body) {
    return client.sendAsync(request(uri, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest request(URI uri, String body, String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return request.build();
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
