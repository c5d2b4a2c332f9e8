package io.fnjobs.example.filedrop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.example.filedrop.fn.DropFunction;
import io.fnjobs.fnhost.FnHost;
import io.fnjobs.fnhost.FnHostOptions;
import io.fnjobs.fnhost.FunctionsFolder;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.runtime.TriggerService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file-drop type, registered only in this module, runs in a whole trigger layer as the built-in
 * types do: the loader reads its trigger file, the service starts its listener, {@code GET /triggers}
 * lists it, and a dropped file reaches a function on the real function host and is settled, with its
 * run recorded in the real embedded store. Real time: the listener looks every 100 ms.
 */
class FileDropTriggerTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir static Path temp;
  private static EmbeddedS3 s3;
  private static FnHost fn;
  private static TriggerService service;
  private static Path drops;

  @BeforeAll
  static void startTriggerLayer() throws Exception {
    s3 = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(temp.resolve("s3")).build());
    s3.createBuckets(List.of("state"));
    FunctionsFolder functions = FunctionsFolder.create(temp.resolve("functions"), "app", Map.of())
        .function("drop", DropFunction.class, 5, Map.of());
    fn = FnHost.start(FnHostOptions.builder().port(0).functionsDir(functions.dir()).build());
    drops = Files.createDirectories(temp.resolve("drops"));
    Path triggers = Files.createDirectories(temp.resolve("triggers"));
    Files.writeString(triggers.resolve("drops.yaml"), """
        name: drops
        type: file-drop
        app: app
        function: drop
        source:
          folder: ${DROP_FOLDER}
          pollInterval: PT0.1S
        delivery:
          maxAttempts: 2
        """);
    EndpointSettings store = EndpointSettings.local(s3.uri(), "minioadmin", "minioadmin");
    service = TriggerService.start(TriggerLayerOptions.builder()
        .triggersDir(triggers)
        .fnApiUrl(fn.uri())
        .httpPort(0)
        .stopWait(Duration.ofSeconds(2))
        .s3(store)
        // no queue trigger here: the service makes its SQS client, which this test never lets it use
        .sqs(EndpointSettings.local(URI.create("http://127.0.0.1:9"), "x", "x"))
        .stateBucket("state")
        .environment(Map.of("DROP_FOLDER", drops.toString()))
        .build(), Clock.systemUTC());
  }

  @AfterAll
  static void stop() {
    if (service != null) {
      service.close();
    }
    if (fn != null) {
      fn.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void triggers_shouldListTheFileDropTrigger_whenOnlyThisModuleRegistersItsType() throws Exception {
    JsonNode trigger = get("/triggers").path("triggers").get(0);

    assertThat(trigger.path("name").asText()).isEqualTo("drops");
    assertThat(trigger.path("type").asText()).isEqualTo("file-drop");
    assertThat(trigger.path("folder").asText()).isEqualTo(drops.toString());
    assertThat(trigger.path("sources").get(0).path("source").asText()).isEqualTo("folder " + drops);
    eventually(() -> service.healthy());
  }

  @Test
  void fileDrop_shouldInvokeTheFunctionAndSettleTheFile_whenAFileIsDropped() throws Exception {
    Files.writeString(drops.resolve("photo.txt"), "12345");

    eventually(() -> Files.exists(drops.resolve("done/photo.txt")));

    RunRecord run = runsOf("photo.txt").get(0);
    assertThat(run.outcome()).isEqualTo(Outcome.succeeded);
    assertThat(run.subject()).isEqualTo("photo.txt");
    assertThat(run.detail()).isEqualTo("read 5 bytes");
    assertThat(run.idempotencyKey()).endsWith(drops.toAbsolutePath() + "/photo.txt:5");
    assertThat(drops.resolve("photo.txt")).doesNotExist();
  }

  @Test
  void fileDrop_shouldGiveTheFileUpAfterItsAttempts_whenTheFunctionFailsEveryTime() throws Exception {
    Files.writeString(drops.resolve("boom.txt"), "x");

    eventually(() -> Files.exists(drops.resolve("failed/boom.txt")));

    List<RunRecord> runs = runsOf("boom.txt");
    assertThat(runs).extracting(RunRecord::attempt).containsExactlyInAnyOrder(1, 2);
    assertThat(runs).extracting(RunRecord::outcome).containsOnly(Outcome.failed);
    assertThat(runs.get(0).fnStatus()).isEqualTo(502);
    assertThat(drops.resolve("done/boom.txt")).doesNotExist();
  }

  private static List<RunRecord> runsOf(String file) {
    return service.runs().recent("drops", 50).stream().filter(run -> run.eventId().equals(file)).toList();
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(service.adminUri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return new ObjectMapper().readTree(response.body());
  }

  /** Waits for what the trigger layer does on its own threads, on real servers. */
  private static void eventually(BooleanSupplier condition) throws InterruptedException {
    Instant until = Instant.now().plus(WAIT);
    while (!condition.getAsBoolean()) {
      assertThat(Instant.now()).as("still waiting after %s", WAIT).isBefore(until);
      Thread.sleep(50);
    }
  }
}
