package io.fnjobs.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.common.MutableClock;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.fnhost.FnHost;
import io.fnjobs.fnhost.FnHostOptions;
import io.fnjobs.fnhost.FunctionsFolder;
import io.fnjobs.localdev.Resources;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.localdev.sqs.EmbeddedSqs;
import io.fnjobs.localdev.sqs.SqsServerOptions;
import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.fixtures.ReplyFunction;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /health} of a whole trigger layer, over loopback, while the real embedded SQS and S3
 * servers it reads go away and come back on the same port with the same data. The grace period is
 * read on a clock the test moves; the sources' own retries run on the wall clock, so the test waits
 * until it sees what it expects (a source reported failing, health back up), never for a time.
 */
class TriggerServiceHealthTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration GRACE = Duration.ofSeconds(30);
  /** Past the timer's probe interval: a probe of its state bucket is due. */
  private static final Duration PAST_PROBE = Duration.ofSeconds(11);
  private static final List<Resources.Queue> QUEUES = List.of(
      new Resources.Queue("jobs", Duration.ofSeconds(30), null, null),
      new Resources.Queue("uploads-events", Duration.ofSeconds(30), null, null));

  @TempDir static Path data;

  private static final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
  private static final HttpClient http = HttpClient.newHttpClient();
  private static EmbeddedS3 s3;
  private static EmbeddedSqs sqs;
  private static int s3Port;
  private static int sqsPort;
  private static FnHost fn;
  private static TriggerService service;

  @BeforeAll
  static void start() throws Exception {
    s3 = startS3(0);
    s3Port = s3.uri().getPort();
    s3.createBuckets(List.of("uploads", "state"));
    sqs = startSqs(0);
    sqsPort = sqs.uri().getPort();
    FunctionsFolder functions =
        FunctionsFolder.create(data.resolve("functions"), "app", Map.of()).function("reply", ReplyFunction.class, 5, Map.of());
    fn = FnHost.start(FnHostOptions.builder().port(0).functionsDir(functions.dir()).build());
    Path triggers = Files.createDirectories(data.resolve("triggers"));
    Files.writeString(triggers.resolve("thumbs.yaml"), """
        name: thumbs
        type: blob
        app: app
        function: reply
        source:
          bucket: uploads
          prefix: images/
          sweepInterval: PT1S
          eventQueue: uploads-events
          concurrency: 1
        """);
    Files.writeString(triggers.resolve("jobs.yaml"), """
        name: jobs
        type: queue
        app: app
        function: reply
        source:
          queues: [jobs]
          concurrency: 1
          waitTime: PT1S
        """);
    Files.writeString(triggers.resolve("nightly.yaml"), """
        name: nightly
        type: timer
        app: app
        function: reply
        source:
          schedule: "0 0 2 * * *"
          timeZone: UTC
        """);
    TriggerLayerOptions options = TriggerLayerOptions.builder()
        .triggersDir(triggers)
        .fnApiUrl(fn.uri())
        .httpPort(0)
        .stopWait(Duration.ofSeconds(2))
        .healthGrace(GRACE)
        .s3(EndpointSettings.local(s3.uri(), "minioadmin", "minioadmin"))
        .sqs(EndpointSettings.local(sqs.uri(), "x", "x"))
        .stateBucket("state")
        .build();
    service = TriggerService.start(options, clock);
    eventually(() -> status("/health") == 200, "every trigger connected");
  }

  @AfterAll
  static void stop() {
    service.close();
    fn.close();
    sqs.close();
    s3.close();
  }

  @Test
  void health_shouldAnswer503NamingTriggerSourceAndError_whileTheQueueServerIsGoneLongerThanTheGrace_and200OnceBack()
      throws Exception {
    sqs.close();
    eventually(() -> failing("jobs", "SQS queue jobs") && failing("thumbs", "SQS queue uploads-events"),
        "the consumers and the event queue poller report the queue server gone");

    assertThat(status("/health")).as("within the grace period").isEqualTo(200);

    clock.advance(GRACE.plusSeconds(1));
    JsonNode down = get("/health", 503);

    assertThat(down.path("status").asText()).isEqualTo("down");
    assertThat(down.path("problems")).hasSize(2);
    assertProblem(down, "jobs", "SQS queue jobs");
    assertProblem(down, "thumbs", "SQS queue uploads-events");

    sqs = startSqs(sqsPort);
    eventually(() -> status("/health") == 200, "the queue server answering again");
    assertThat(get("/health", 200).has("problems")).isFalse();
  }

  @Test
  void health_shouldAnswer503ForTheSweepAndTheTimer_whileTheStoreIsGoneLongerThanTheGrace_and200OnceBack()
      throws Exception {
    s3.close();
    eventually(() -> failing("thumbs", "S3 sweep of uploads/images/"), "the sweep reports the store gone");
    clock.advance(PAST_PROBE);
    eventually(() -> failing("nightly", "S3 state bucket state"), "the timer's probe reports its state bucket gone");

    assertThat(status("/health")).as("within the grace period").isEqualTo(200);

    clock.advance(GRACE.plusSeconds(1));
    JsonNode down = get("/health", 503);

    assertThat(down.path("problems")).hasSize(2);
    assertProblem(down, "thumbs", "S3 sweep of uploads/images/");
    assertProblem(down, "nightly", "S3 state bucket state");

    s3 = startS3(s3Port);
    clock.advance(PAST_PROBE);
    eventually(() -> status("/health") == 200, "the store answering the sweep and the timer again");
    assertThat(get("/health", 200).has("problems")).isFalse();
  }

  private static void assertProblem(JsonNode health, String trigger, String source) {
    JsonNode problem = StreamSupport.stream(health.path("problems").spliterator(), false)
        .filter(entry -> entry.path("trigger").asText().equals(trigger))
        .findFirst().orElseThrow(() -> new AssertionError("no problem named " + trigger + " in " + health));
    assertThat(problem.path("source").asText()).isEqualTo(source);
    assertThat(problem.path("lastError").asText()).isNotBlank();
    assertThat(Instant.parse(problem.path("failingSince").asText())).isBefore(clock.instant().minus(GRACE));
    assertThat(problem.has("lastSuccess")).isTrue();
  }

  /** Whether {@code GET /triggers} shows the trigger's source failing, within the grace period or not. */
  private static boolean failing(String trigger, String source) {
    JsonNode triggers = get("/triggers", 200).path("triggers");
    return StreamSupport.stream(triggers.spliterator(), false)
        .filter(entry -> entry.path("name").asText().equals(trigger))
        .flatMap(entry -> StreamSupport.stream(entry.path("sources").spliterator(), false))
        .anyMatch(entry -> entry.path("source").asText().equals(source) && entry.path("failing").asBoolean());
  }

  private static int status(String path) {
    return send(path).statusCode();
  }

  private static JsonNode get(String path, int expectedStatus) {
    HttpResponse<String> response = send(path);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError(response.body(), e);
    }
  }

  private static HttpResponse<String> send(String path) {
    try {
      return http.send(HttpRequest.newBuilder(service.adminUri().resolve(path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Waits for what the sources' own retries bring about, on the wall clock, up to a minute. */
  private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long giveUp = System.nanoTime() + Duration.ofMinutes(1).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > giveUp) {
        throw new AssertionError("not within a minute: " + what + "; health: " + send("/health").body()
            + "; triggers: " + send("/triggers").body());
      }
      Thread.sleep(100);
    }
  }

  private static EmbeddedS3 startS3(int port) {
    return EmbeddedS3.start(S3ServerOptions.builder().port(port).dataDir(data.resolve("s3")).build());
  }

  private static EmbeddedSqs startSqs(int port) {
    return EmbeddedSqs.start(SqsServerOptions.builder().port(port).dataDir(data.resolve("sqs")).queues(QUEUES).build());
  }
}
