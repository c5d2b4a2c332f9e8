package io.fnjobs.triggers.timer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.http.AdminServer;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.runtime.ListenerState;
import io.fnjobs.triggers.timer.TimerSource.CatchUp;
import io.fnjobs.triggers.timer.TimerSource.Overlap;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /timers/{name}/run} over HTTP, on a timer whose time the test moves. */
class RunOnDemandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicInteger TRIGGERS = new AtomicInteger();

  @TempDir static Path data;
  private static StateBucket state;

  private final HttpClient http = HttpClient.newHttpClient();
  private final AtomicInteger runs = new AtomicInteger();
  private ManualTime time;
  private TimerListener listener;
  private AdminServer admin;
  private String name;

  @BeforeAll
  static void startStore() {
    state = new StateBucket(data);
  }

  @AfterAll
  static void stopStore() {
    state.close();
  }

  @BeforeEach
  void start() throws InterruptedException {
    name = "on-demand-" + TRIGGERS.incrementAndGet();
    time = new ManualTime(Instant.parse("2026-03-14T10:00:00Z"));
    TriggerDefinition definition = new TriggerDefinition(Path.of(name + ".yaml"), name, "", "fnjobs", "nightly-cleanup",
        new TimerSource(CronSchedule.parse("0 0 2 * * *", ZoneOffset.UTC), CatchUp.once, Duration.ofDays(1),
            Overlap.skip, Duration.ZERO),
        List.of(), new DeliveryOptions(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 1.0));
    FunctionRef function = new FunctionRef("fnjobs", "app", "nightly-cleanup", "fn", Duration.ofMinutes(5));
    TimerEngine engine = new TimerEngine(definition, function, state.store(), (event, attempt, deferrable) -> {
      runs.incrementAndGet();
      return RunRecord.builder().trigger(name).function("nightly-cleanup").event(event.eventId(), event.idempotencyKey())
          .attempt(attempt).between(time.now().toString(), time.now().toString()).outcome(Outcome.succeeded)
          .fnCall(200, "call").detail("cleaned").build();
    }, time.scheduler(), RandomGenerator.getDefault(), "owner");
    listener = new TimerListener(definition, function, engine, () -> state.store().lease(name), "state",
        new ClockScheduler(time.clock(), "probe-" + name));
    listener.start();
    while (listener.state() != ListenerState.connected) {
      Thread.sleep(10);
    }
    admin = AdminServer.bind("127.0.0.1", 0);
    new TimerTriggerModule().routes(admin, List.of(listener), null);
    admin.start();
  }

  @AfterEach
  void stop() {
    admin.close();
    listener.stop(Duration.ZERO);
  }

  @Test
  void post_shouldStartOneRunAndRefuseTheSecond_withAClearMessage() throws Exception {
    HttpResponse<String> first = post("/timers/" + name + "/run");
    HttpResponse<String> second = post("/timers/" + name + "/run");

    assertThat(first.statusCode()).isEqualTo(202);
    JsonNode started = JSON.readTree(first.body());
    assertThat(started.path("slot").asText()).isEqualTo("2026-03-14T10:00:00Z");
    assertThat(started.path("onDemand").asBoolean()).isTrue();
    assertThat(started.path("idempotencyKey").asText()).isEqualTo("timer:" + name + "@2026-03-14T10:00:00Z");
    assertThat(second.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(second.body()).path("error").asText()).isEqualTo("timer " + name
        + " is already running slot 2026-03-14T10:00:00Z (owner owner, since 2026-03-14T10:00:00Z): this run was not"
        + " started; try again once that run has ended");
    time.runDue();
    assertThat(runs).hasValue(1);
    time.advance(Duration.ofSeconds(1));
    assertThat(post("/timers/" + name + "/run").statusCode()).isEqualTo(202);
  }

  @Test
  void post_shouldAnswerWithTheFinalRecord_whenAskedToWait() throws Exception {
    CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return post("/timers/" + name + "/run?wait=true");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    while (!waiting.isDone()) {
      time.runDue();
      Thread.sleep(10);
    }

    HttpResponse<String> answer = waiting.get();
    assertThat(answer.statusCode()).isEqualTo(200);
    JsonNode record = JSON.readTree(answer.body());
    assertThat(record.path("state").asText()).isEqualTo("succeeded");
    assertThat(record.path("attempts").asInt()).isEqualTo(1);
    assertThat(record.path("detail").asText()).isEqualTo("cleaned");
  }

  @Test
  void post_shouldAnswer404_namingTheTimers_whenTheTimerIsUnknown() throws Exception {
    HttpResponse<String> answer = post("/timers/nightly-clean/run");

    assertThat(answer.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(answer.body()).path("error").asText())
        .isEqualTo("no timer trigger 'nightly-clean'; the timer triggers are " + name);
  }

  @Test
  void post_shouldAnswer503_whenTheTimerIsStopping() throws Exception {
    listener.stop(Duration.ZERO);

    HttpResponse<String> answer = post("/timers/" + name + "/run");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(answer.body()).path("error").asText()).startsWith("timer " + name + " cannot run now");
    assertThat(runs).hasValue(0);
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(admin.uri() + path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
