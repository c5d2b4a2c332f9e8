package io.fnjobs.triggers.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.triggers.fixtures.RunningTriggerLayer;
import io.fnjobs.triggers.fixtures.RunningTriggerLayer.Response;
import io.fnjobs.triggers.runtime.TriggerService;
import java.time.Instant;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pause and resume through the admin endpoint of a whole trigger layer over loopback, with the admin
 * token set: what {@code /triggers} and {@code /health} show, and that every instance on the state
 * bucket, one started after a restart included, sees the same pause.
 */
class PauseRoutesTest {

  @RegisterExtension
  static final RunningTriggerLayer layer = new RunningTriggerLayer(Instant.parse("2026-03-01T12:00:00Z"));

  @AfterEach
  void resumeAll() {
    layer.resumeAll();
  }

  @Test
  void pause_shouldAnswer401NamingTheToken_withoutItOrWithAWrongOne_whileReadsStayOpen() {
    Response none = layer.send(layer.uri(), "POST", "/triggers/jobs/pause", null, null);
    Response wrong = layer.send(layer.uri(), "POST", "/triggers/jobs/pause", "guessed", null);
    Response runNow = layer.send(layer.uri(), "POST", "/timers/nightly/run", null, null);

    assertThat(none.status()).isEqualTo(401);
    assertThat(none.json().path("error").asText()).startsWith("no admin token").contains("FNJOBS_ADMIN_TOKEN")
        .contains("Authorization: Bearer");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.json().path("error").asText()).startsWith("wrong admin token");
    assertThat(runNow.status()).as("a module's admin action is guarded too").isEqualTo(401);
    assertThat(layer.get("/triggers").status()).isEqualTo(200);
    assertThat(trigger(layer.get("/triggers").json(), "jobs").path("paused").asBoolean()).isFalse();
  }

  @Test
  void pause_shouldShowTheTriggerPausedWithItsReason_inTriggersAndHealth_whileHealthStaysUp() {
    Response paused = layer.send(layer.uri(), "POST", "/triggers/jobs/pause", RunningTriggerLayer.TOKEN,
        "{\"reason\": \"fixing the mail server\"}");

    assertThat(paused.status()).isEqualTo(200);
    assertThat(paused.json().path("paused").asBoolean()).isTrue();
    assertThat(paused.json().path("changed").asBoolean()).isTrue();
    assertThat(paused.json().path("since").asText()).isEqualTo(layer.clock().instant().toString());
    JsonNode jobs = trigger(layer.get("/triggers").json(), "jobs");
    assertThat(jobs.path("paused").asBoolean()).isTrue();
    assertThat(jobs.path("pauseReason").asText()).isEqualTo("fixing the mail server");
    assertThat(trigger(layer.get("/triggers").json(), "thumbs").path("paused").asBoolean()).isFalse();
    Response health = layer.get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("status").asText()).isEqualTo("up");
    assertThat(health.json().path("paused").path("jobs").asBoolean()).isTrue();
    assertThat(health.json().path("paused").path("thumbs").asBoolean()).isFalse();
  }

  @Test
  void pause_shouldKeepTheFirstPause_whenPausedAgain_andResumeShouldSayWhetherItChangedAnything() {
    layer.post("/triggers/nightly/pause?reason=first");
    Response again = layer.post("/triggers/nightly/pause?reason=second");

    assertThat(again.json().path("changed").asBoolean()).isFalse();
    assertThat(again.json().path("reason").asText()).isEqualTo("first");
    Response resumed = layer.post("/triggers/nightly/resume");
    assertThat(resumed.json().path("paused").asBoolean()).isFalse();
    assertThat(resumed.json().path("changed").asBoolean()).isTrue();
    assertThat(layer.post("/triggers/nightly/resume").json().path("changed").asBoolean()).isFalse();
    assertThat(trigger(layer.get("/triggers").json(), "nightly").path("paused").asBoolean()).isFalse();
  }

  @Test
  void pause_shouldAnswer404NamingTheTriggers_forAnUnknownOne_and400ForABadReason() {
    Response unknown = layer.post("/triggers/nope/pause");
    Response notJson = layer.send(layer.uri(), "POST", "/triggers/jobs/pause", RunningTriggerLayer.TOKEN, "stop!");
    Response tooLong = layer.post("/triggers/jobs/pause?reason=" + "x".repeat(PauseRoutes.MAX_REASON + 1));

    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().path("error").asText()).contains("nope").contains("jobs").contains("nightly").contains("thumbs");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().path("error").asText()).contains("not JSON");
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.json().path("error").asText()).contains("reason").contains("201").contains("200");
    assertThat(trigger(layer.get("/triggers").json(), "jobs").path("paused").asBoolean()).isFalse();
  }

  @Test
  void pause_shouldBeSeenByAnotherInstance_andByOneStartedAfterARestart() {
    TriggerService second = layer.startInstance();
    try {
      assertThat(second.pauses().isPaused("thumbs")).isFalse();

      layer.post("/triggers/thumbs/pause?reason=reindexing");

      Response onSecond = layer.send(second.adminUri(), "GET", "/triggers", null, null);
      assertThat(trigger(onSecond.json(), "thumbs").path("paused").asBoolean()).as("read from the store").isTrue();
      layer.clock().advance(SharedPauses.REFRESH);
      assertThat(second.pauses().isPaused("thumbs")).as("its events, once its copy is refreshed").isTrue();
    } finally {
      layer.stop(second);
    }
    TriggerService restarted = layer.startInstance();
    try {
      assertThat(restarted.pauses().isPaused("thumbs")).as("from its start").isTrue();
      Response health = layer.send(restarted.adminUri(), "GET", "/health", null, null);
      assertThat(health.json().path("paused").path("thumbs").asBoolean()).isTrue();

      layer.send(restarted.adminUri(), "POST", "/triggers/thumbs/resume", RunningTriggerLayer.TOKEN, null);

      layer.clock().advance(SharedPauses.REFRESH);
      assertThat(layer.service().pauses().isPaused("thumbs")).isFalse();
    } finally {
      layer.stop(restarted);
    }
  }

  private static JsonNode trigger(JsonNode triggers, String name) {
    return StreamSupport.stream(triggers.path("triggers").spliterator(), false)
        .filter(entry -> entry.path("name").asText().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no trigger " + name + " in " + triggers));
  }
}
