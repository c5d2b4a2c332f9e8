package io.fnjobs.triggers.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.triggers.http.AdminServer.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminServerTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private AdminServer server;

  @BeforeEach
  void start() {
    server = AdminServer.bind("127.0.0.1", 0)
        .route("GET", "/health", request -> Reply.ok(Map.of("status", "up")))
        .route("POST", "/timers/{name}/run", request -> Reply.ok(Map.of("name", request.path().get("name"),
            "dry", request.query().getOrDefault("dry", ""))));
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void route_shouldPassPathParameters_decodedButKeepingPlus() throws Exception {
    HttpResponse<String> response = send("POST", "/timers/nightly%20cleanup+1/run?dry=a+b%21");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"name\" : \"nightly cleanup+1\"").contains("\"dry\" : \"a b!\"");
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
  }

  @Test
  void route_shouldAnswer404_forAnUnknownPath() throws Exception {
    HttpResponse<String> response = send("GET", "/timers/x/run/more");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).contains("no such endpoint: /timers/x/run/more");
  }

  @Test
  void route_shouldAnswer405_namingTheMethodsItTakes() throws Exception {
    HttpResponse<String> response = send("GET", "/timers/nightly/run");

    assertThat(response.statusCode()).isEqualTo(405);
    assertThat(response.body()).contains("/timers/nightly/run answers POST");
  }

  private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    URI uri = URI.create(server.uri() + path);
    return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
