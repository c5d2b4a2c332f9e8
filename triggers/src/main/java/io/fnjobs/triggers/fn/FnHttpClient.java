package io.fnjobs.triggers.fn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** {@link FnClient} over Fn's HTTP API, as a real Fn server and the embedded host serve it. */
public final class FnHttpClient implements FnClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI base;
  private final HttpClient http;

  public FnHttpClient(URI base) {
    this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public FunctionRef resolve(String app, String function) {
    JsonNode apps = getJson("v2/apps?name=" + encode(app));
    JsonNode appNode = first(apps, app);
    if (appNode == null) {
      throw new FunctionNotFoundException("app", app, "Fn at " + base + " has no app '" + app + "': deploy it with `fn deploy --app " + app + " --all`");
    }
    String appId = appNode.path("id").asText();
    JsonNode fns = getJson("v2/fns?app_id=" + encode(appId) + "&name=" + encode(function));
    JsonNode fnNode = first(fns, function);
    if (fnNode == null) {
      throw new FunctionNotFoundException(
          "function", function, "Fn app '" + app + "' at " + base + " has no function '" + function + "': deploy it, or fix the trigger's function");
    }
    return new FunctionRef(
        app, appId, function, fnNode.path("id").asText(), Duration.ofSeconds(fnNode.path("timeout").asLong(30)));
  }

  @Override
  public InvokeResult invoke(FunctionRef function, byte[] body, String contentType, Duration timeout) {
    return invoke(function, body, contentType, timeout, Map.of());
  }

  @Override
  public InvokeResult invoke(FunctionRef function, byte[] body, String contentType, Duration timeout,
      Map<String, String> headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve("invoke/" + function.functionId()))
            .timeout(timeout)
            .header("Content-Type", contentType)
            .header("Fn-Invoke-Type", "sync")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(builder::header);
    HttpResponse<byte[]> response = send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    return new InvokeResult(
        response.statusCode(),
        response.headers().firstValue("Fn-Call-Id").orElse(""),
        response.body(),
        response.headers().firstValue("Content-Type").orElse(""));
  }

  private JsonNode getJson(String path) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).GET().build();
    HttpResponse<String> response = send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new FnUnavailableException(
          "Fn API GET " + base.resolve(path) + " answered " + response.statusCode() + ": " + response.body(), null);
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new FnUnavailableException("Fn API GET " + base.resolve(path) + " answered with no JSON", e);
    }
  }

  private static JsonNode first(JsonNode list, String name) {
    for (JsonNode item : list.path("items")) {
      if (name.equals(item.path("name").asText())) {
        return item;
      }
    }
    return null;
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    try {
      return http.send(request, handler);
    } catch (IOException e) {
      throw new FnUnavailableException(
          "cannot reach the Fn API at " + base + " (" + e + "): start the Fn server or set FNJOBS_FN_API_URL", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FnUnavailableException("interrupted while calling " + request.uri(), e);
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
