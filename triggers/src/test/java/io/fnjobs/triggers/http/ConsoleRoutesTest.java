package io.fnjobs.triggers.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.triggers.http.AdminServer.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's files, served by the admin endpoint from the class path. */
class ConsoleRoutesTest {

  private final HttpClient http = HttpClient.newHttpClient();
  private AdminServer server;

  @BeforeEach
  void start() {
    server = AdminServer.bind("127.0.0.1", 0).route("GET", "/health", request -> Reply.ok(Map.of("status", "up")));
    new ConsoleRoutes().addTo(server);
    server.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void root_shouldServeTheConsolePage_withAPolicyThatAllowsOnlyItsOwnFilesAndNoHtmlStrings() throws Exception {
    HttpResponse<String> page = get("/");

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
    assertThat(page.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
    assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy -> assertThat(policy)
        .contains("default-src 'none'", "script-src 'self'", "connect-src 'self'", "require-trusted-types-for 'script'"));
    assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  @Test
  void asset_shouldServeScriptsAndStyles_withTheirContentType() throws Exception {
    HttpResponse<String> script = get("/console/views/overview.js");
    HttpResponse<String> style = get("/console/style.css");

    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
    assertThat(script.body()).contains("export function mount");
    assertThat(style.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
  }

  @Test
  void asset_shouldAnswer404_forAFileThatIsNotThere_orANameThatLeavesTheFolder() throws Exception {
    assertThat(get("/console/missing.js").statusCode()).isEqualTo(404);
    assertThat(get("/console/..%2Fhttp%2FAdminServer.class").statusCode()).isEqualTo(404);
    assertThat(get("/console/%2E%2E/logback.xml").statusCode()).isEqualTo(404);
    assertThat(get("/console/index.html.bak").statusCode()).isEqualTo(404);
  }

  @Test
  void jsonAnswers_shouldKeepTheirContentType_andForbidSniffing() throws Exception {
    HttpResponse<String> health = get("/health");

    assertThat(health.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(health.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(server.uri() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
