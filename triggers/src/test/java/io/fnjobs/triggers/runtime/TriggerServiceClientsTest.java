package io.fnjobs.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.fnhost.FnHost;
import io.fnjobs.fnhost.FnHostOptions;
import io.fnjobs.fnhost.FunctionsFolder;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.fixtures.SubjectFunction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A trigger layer with blob triggers only, on the real embedded S3 and function host: it makes no SQS
 * client (there is no SQS server here at all), and its trigger still invokes the function.
 */
class TriggerServiceClientsTest {

  @TempDir
  Path dir;

  private EmbeddedS3 s3Server;
  private FnHost fn;
  private S3Client s3;
  private TriggerService service;

  @BeforeEach
  void start() throws IOException {
    s3Server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(dir.resolve("s3")).build());
    s3Server.createBuckets(List.of("uploads", "state"));
    FunctionsFolder functions = FunctionsFolder.create(dir.resolve("functions"), "app", Map.of())
        .function("subject", SubjectFunction.class, 5, Map.of());
    fn = FnHost.start(FnHostOptions.builder().port(0).functionsDir(functions.dir()).build());
    s3 = StorageClients.s3(EndpointSettings.local(s3Server.uri(), "minioadmin", "minioadmin"));
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
    s3.close();
    fn.close();
    s3Server.close();
  }

  @Test
  void start_shouldMakeNoSqsClient_whenOnlyBlobTriggersAreDefined() throws Exception {
    Path triggers = Files.createDirectories(dir.resolve("triggers"));
    Files.writeString(triggers.resolve("thumbs.yaml"), """
        name: thumbs
        type: blob
        app: app
        function: subject
        source:
          bucket: uploads
          prefix: images/
          sweepInterval: PT1S
        """);
    SharedClients clients = new SharedClients();

    service = TriggerService.start(options(triggers), Clock.systemUTC(), clients);
    s3.putObject(r -> r.bucket("uploads").key("images/a.jpg"), RequestBody.fromString("a"));

    Eventually.within(Duration.ofSeconds(30), () -> succeededRuns() == 1);
    assertThat(clients.made()).doesNotContain(SqsClient.class).isEmpty();
  }

  private TriggerLayerOptions options(Path triggers) {
    return TriggerLayerOptions.builder()
        .triggersDir(triggers)
        .fnApiUrl(fn.uri())
        .httpPort(0)
        .stopWait(Duration.ofSeconds(2))
        .s3(EndpointSettings.local(s3Server.uri(), "minioadmin", "minioadmin"))
        // nothing listens here: a client that tried to reach it would fail the start-up
        .sqs(EndpointSettings.local(URI.create("http://127.0.0.1:9"), "x", "x"))
        .stateBucket("state")
        .build();
  }

  private long succeededRuns() {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(service.adminUri() + "/runs?trigger=thumbs")).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      JsonNode runs = Json.MAPPER.readTree(response.body()).path("runs");
      long succeeded = 0;
      for (JsonNode run : runs) {
        succeeded += "succeeded".equals(run.path("outcome").asText()) && "images/a.jpg".equals(run.path("subject")
            .asText()) ? 1 : 0;
      }
      return succeeded;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
