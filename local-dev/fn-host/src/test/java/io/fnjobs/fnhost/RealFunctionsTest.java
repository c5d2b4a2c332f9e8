package io.fnjobs.fnhost;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host serves this repository's own functions folder as Fn would, with the build output the
 * reactor produced before this module (functions/*&#47;target/fn/app).
 */
class RealFunctionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path FUNCTIONS = Path.of("").toAbsolutePath().resolve("../../functions").normalize();

  @TempDir static Path data;

  private static EmbeddedS3 store;
  private static FnHost host;
  private static HttpCalls http;

  @BeforeAll
  static void startHost() {
    // the thumbnail function looks at the object of its event in a store, as it would on Fn
    store = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(data).build());
    store.createBuckets(List.of("uploads", "thumbnails", "state"));
    for (String function : List.of("thumbnail", "order-processor", "nightly-cleanup")) {
      assertThat(FUNCTIONS.resolve(function).resolve("target/fn/app"))
          .as("built by the reactor before this module (mvn -DskipTests package at the root)")
          .isDirectory();
    }
    host = FnHost.start(FnHostOptions.builder().port(0).functionsDir(FUNCTIONS).configOverrides(Map.of(
        "FNJOBS_S3_ENDPOINT", store.uri().toString(), "FNJOBS_S3_ACCESS_KEY", "minioadmin",
        "FNJOBS_S3_SECRET_KEY", "minioadmin")).build());
    http = new HttpCalls(host.uri());
  }

  @AfterAll
  static void stopHost() {
    if (host != null) {
      host.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Test
  void resolve_shouldFindAppAndFunctionAsFnHttpClientDoes_whenServingTheRepository() throws IOException {
    JsonNode app = JSON.readTree(http.get("/v2/apps?name=fnjobs").body()).path("items").get(0);
    assertThat(app.path("name").asText()).isEqualTo("fnjobs");

    JsonNode fns = JSON.readTree(http.get("/v2/fns?app_id=" + app.path("id").asText() + "&name=thumbnail").body());

    JsonNode thumbnail = fns.path("items").get(0);
    assertThat(thumbnail.path("name").asText()).isEqualTo("thumbnail");
    assertThat(thumbnail.path("id").asText()).isEqualTo(host.function("thumbnail").orElseThrow().id());
    assertThat(thumbnail.path("timeout").asLong()).isEqualTo(60);
  }

  @Test
  void invoke_shouldAnswerTheJobReply_whenThumbnailGetsABlobEvent() throws IOException {
    HttpResponse<String> response =
        http.post(host.invokeUri("thumbnail"), event("blob-created.json"), "Content-Type", "application/json");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode reply = JSON.readTree(response.body());
    assertThat(reply.path("job").asText()).isEqualTo("thumbnail");
    assertThat(reply.path("subject").asText()).isEqualTo("images/cat.jpg");
    assertThat(reply.path("idempotencyKey").asText()).isEqualTo("uploads/images/cat.jpg#9b2cf535f27731c974343645a3985328");
    // the event's object is not in the store: an event older than the object is skipped
    assertThat(reply.path("state").asText()).isEqualTo("skipped");
  }

  @Test
  void invoke_shouldAnswer502_whenOrderProcessorGetsABlobEvent() throws IOException {
    HttpResponse<String> response =
        http.post(host.invokeUri("order-processor"), event("blob-created.json"), "Content-Type", "application/json");

    assertThat(response.statusCode()).isEqualTo(502);
  }

  private static String event(String name) throws IOException {
    try (InputStream in = RealFunctionsTest.class.getResourceAsStream("/events/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
