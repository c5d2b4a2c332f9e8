package io.fnjobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.fixtures.RunningTriggerLayer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CLI's main, run against a whole trigger layer over loopback (the real embedded S3 and SQS
 * servers, the function host, the admin token set): what it prints, and its exit codes.
 */
class FnjobsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final RunningTriggerLayer layer = new RunningTriggerLayer(Instant.parse("2026-03-01T12:00:00Z"));

  @AfterEach
  void resumeAll() {
    layer.resumeAll();
  }

  @Test
  void triggers_shouldPrintATableOfTheTriggers() {
    Result result = fnjobs(withToken(), "triggers");

    assertThat(result.code()).isZero();
    assertThat(result.out()).startsWith("NAME").contains("PAUSED");
    assertThat(result.out().lines()).anyMatch(line -> line.matches("jobs\\s+queue\\s+subject\\s+connected\\s+no\\s+queues jobs"));
    assertThat(result.out().lines()).anyMatch(line -> line.matches("nightly\\s+timer\\s+subject\\s+connected\\s+no\\s+next .*"));
  }

  @Test
  void json_shouldPrintTheApisAnswer_beforeOrAfterTheCommand() throws IOException {
    JsonNode before = JSON.readTree(fnjobs(withToken(), "--json", "triggers").out());
    JsonNode after = JSON.readTree(fnjobs(withToken(), "triggers", "--json").out());

    assertThat(before.path("triggers")).hasSize(3);
    assertThat(after.path("triggers")).hasSize(3);
  }

  @Test
  void anyCommand_shouldExit1NamingWhatToChange_whenNoTriggerLayerAnswers() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Map<String, String> env = Map.of("FNJOBS_URL", "http://127.0.0.1:" + closed);

    Result result = fnjobs(env, "runs");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err().trim()).isEqualTo("fnjobs: no trigger layer at http://127.0.0.1:" + closed
        + ": start ./local-dev/up or set --url/FNJOBS_URL");
  }

  @Test
  void usageErrors_shouldExit2() {
    assertThat(fnjobs(withToken()).code()).isEqualTo(2);
    assertThat(fnjobs(withToken(), "lanch").code()).isEqualTo(2);
    assertThat(fnjobs(withToken(), "runs", "--limit", "many").code()).isEqualTo(2);
    assertThat(fnjobs(withToken(), "dlq").code()).isEqualTo(2);
    Result badUrl = fnjobs(withToken(), "--url", "ftp://x", "triggers");
    assertThat(badUrl.code()).isEqualTo(2);
    assertThat(badUrl.err()).contains("--url/FNJOBS_URL 'ftp://x' is not an http(s) URL");
  }

  @Test
  void pause_shouldBeRefusedNamingTheToken_withoutIt_andPauseAndResumeWithIt() {
    Result refused = fnjobs(Map.of("FNJOBS_URL", layer.uri().toString()), "pause", "jobs");
    Result wrong = fnjobs(Map.of("FNJOBS_URL", layer.uri().toString(), "FNJOBS_ADMIN_TOKEN", "guessed"), "pause", "jobs");

    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("no admin token").contains("set FNJOBS_ADMIN_TOKEN");
    assertThat(wrong.code()).isEqualTo(1);
    assertThat(wrong.err()).contains("differs from the trigger layer's");

    Result paused = fnjobs(withToken(), "pause", "jobs", "--reason", "mail server down");
    assertThat(paused.code()).isZero();
    assertThat(paused.out()).startsWith("paused jobs since ").contains("(mail server down)");
    assertThat(fnjobs(withToken(), "triggers").out().lines())
        .anyMatch(line -> line.matches("jobs\\s+queue\\s+subject\\s+connected\\s+yes\\s+paused since .*: mail server down"));
    assertThat(fnjobs(withToken(), "pause", "jobs").out()).startsWith("jobs was paused already");

    Result resumed = fnjobs(withToken(), "resume", "jobs");
    assertThat(resumed.code()).isZero();
    assertThat(resumed.out()).startsWith("resumed jobs, paused since ");
    assertThat(fnjobs(withToken(), "resume", "jobs").out().trim()).isEqualTo("jobs was not paused");
  }

  @Test
  void pause_shouldExit1WithTheTriggerLayersMessage_forAnUnknownTrigger() {
    Result result = fnjobs(withToken(), "pause", "nope");

    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("no trigger 'nope'; the triggers are").contains("(HTTP 404)");
  }

  @Test
  void runsAndFlag_shouldShowTheRunsOfAnOrder_andItsFlag() throws IOException {
    layer.sendJob("C-1", "ok");
    Eventually.within(Duration.ofSeconds(20), () -> fnjobs(withToken(), "runs", "--subject", "C-1").out().contains("C-1"));
    new ObjectStoreStatusFlags(new S3ConditionalStore(layer.s3(), RunningTriggerLayer.STATE), layer.clock())
        .write(new StatusFlag("order", "C-1", FlagState.succeeded, 1, "queue:jobs:C-1", layer.clock().instant().toString(),
            null, null));

    Result runs = fnjobs(withToken(), "runs", "--trigger", "jobs", "--subject", "C-1");
    Result flag = fnjobs(withToken(), "flag", "order", "C-1");
    JsonNode json = JSON.readTree(fnjobs(withToken(), "runs", "--subject", "C-1", "--json").out());

    assertThat(runs.code()).isZero();
    assertThat(runs.out().lines().skip(1)).singleElement().asString().contains("jobs").contains("succeeded").contains("C-1");
    assertThat(flag.code()).isZero();
    assertThat(flag.out()).contains("order/C-1").containsPattern("state\\s+succeeded").contains("STARTED");
    assertThat(json.path("runs").get(0).path("job").asText()).isEqualTo("order");
    assertThat(fnjobs(withToken(), "flag", "order", "none-such").err()).contains("no flag order/none-such.json");
  }

  @Test
  void dlq_shouldListAQueuesDeadLetters_andRedriveThem() {
    layer.sendJob("D-1", "boom");
    Eventually.within(Duration.ofSeconds(30), () -> fnjobs(withToken(), "dlq", "list", "--queue", "jobs").out()
        .contains("1 message(s)"));

    Result list = fnjobs(withToken(), "dlq", "list");
    Result redrive = fnjobs(withToken(), "dlq", "redrive", "jobs");

    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("blob trigger thumbs: 0 dead letter(s)")
        .contains("queue jobs (dead letters in jobs-dlq): 1 message(s)").contains("D-1");
    assertThat(redrive.code()).isZero();
    assertThat(redrive.out()).startsWith("redrove 1 message(s) from jobs-dlq to jobs");
    Result replay = fnjobs(withToken(), "dlq", "replay", "thumbs", "0123456789abcdef0123456789abcdef");
    assertThat(replay.code()).isEqualTo(1);
    assertThat(replay.err()).contains("no dead letter 0123456789abcdef0123456789abcdef of trigger thumbs");
  }

  @Test
  void timersRun_shouldWaitForTheRun_andTimersShouldListItsSlot() {
    Result run = fnjobs(withToken(), "timers", "run", "nightly", "--wait");
    Result timers = fnjobs(withToken(), "timers");

    assertThat(run.code()).isZero();
    assertThat(run.out()).startsWith("nightly slot 2026-").contains(" succeeded after 1 attempt(s)");
    assertThat(timers.out().lines()).anyMatch(line -> line.matches("nightly\\s+0 0 2 \\* \\* \\*\\s+Z\\s+no\\s+.*succeeded.*"));
    assertThat(timers.out()).contains("nightly, last slots:").containsPattern("succeeded\\s+on demand");
  }

  @Test
  void timersRun_shouldExit1NamingTheResume_whileTheTimerIsPaused() {
    fnjobs(withToken(), "pause", "nightly");

    Result run = fnjobs(withToken(), "timers", "run", "nightly");

    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("paused").contains("/triggers/nightly/resume");
  }

  private static Map<String, String> withToken() {
    Map<String, String> env = new HashMap<>();
    env.put("FNJOBS_URL", layer.uri().toString());
    env.put("FNJOBS_ADMIN_TOKEN", RunningTriggerLayer.TOKEN);
    return env;
  }

  private static Result fnjobs(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Fnjobs.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  private record Result(int code, String out, String err) {}
}
