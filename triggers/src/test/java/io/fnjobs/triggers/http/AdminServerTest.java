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
            "dry", request.query().getOrDefault("dry", ""))))
        .route("GET", "/flags/{job}/{subject...}", request -> Reply.ok(request.path()))
        .routeWithOwnAuth("POST", "/events/minio", request -> Reply.ok(Map.of("own", "auth")));
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

  @Test
  void route_shouldPassTheRestOfThePath_toAParameterEndingInDots_eachSegmentDecoded() throws Exception {
    HttpResponse<String> response = send("GET", "/flags/thumbnail/images/2026/my%20cat+1.jpg");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"job\" : \"thumbnail\"").contains("\"subject\" : \"images/2026/my cat+1.jpg\"");
    assertThat(send("GET", "/flags/thumbnail").statusCode()).as("the rest is one segment or more").isEqualTo(404);
    assertThat(send("GET", "/flags/thumbnail/images//a.jpg").statusCode()).as("no empty segment").isEqualTo(404);
  }

  @Test
  void requireToken_shouldAnswer401NamingTheSetting_forAnActionWithoutTheTokenOrWithAWrongOne() throws Exception {
    server.requireToken("right");

    HttpResponse<String> without = send("POST", "/timers/nightly/run");
    HttpResponse<String> wrong = send("POST", "/timers/nightly/run", "Bearer wrong");

    assertThat(without.statusCode()).isEqualTo(401);
    assertThat(without.body()).contains("no admin token").contains("FNJOBS_ADMIN_TOKEN");
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).contains("wrong admin token");
    assertThat(send("POST", "/timers/nightly/run", "Bearer right").statusCode()).isEqualTo(200);
  }

  @Test
  void requireToken_shouldLeaveReadsAndRoutesWithTheirOwnCredentialsOpen() throws Exception {
    server.requireToken("right");

    assertThat(send("GET", "/health").statusCode()).isEqualTo(200);
    assertThat(send("POST", "/events/minio").statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    return send(method, path, null);
  }

  private HttpResponse<String> send(String method, String path, String authorization)
      throws IOException, InterruptedException {
    URI uri = URI.create(server.uri() + path);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
