package io.fnjobs.triggers.timer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.triggers.fixtures.RunningTriggerLayer;
import io.fnjobs.triggers.fixtures.RunningTriggerLayer.Response;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code GET /timers} of a whole trigger layer over loopback, after a run on demand through the function host. */
class TimersViewTest {

  @RegisterExtension
  static final RunningTriggerLayer layer = new RunningTriggerLayer(Instant.parse("2026-03-01T12:00:00Z"));

  @Test
  void timers_shouldShowScheduleNextSlotAndTheLastSlotsWithTheirOutcome() {
    Response run = layer.post("/timers/nightly/run?wait=true");
    assertThat(run.status()).as(run.text()).isEqualTo(200);

    JsonNode nightly = layer.get("/timers").json().path("timers").get(0);

    assertThat(nightly.path("name").asText()).isEqualTo("nightly");
    assertThat(nightly.path("schedule").asText()).isEqualTo("0 0 2 * * *");
    assertThat(nightly.path("timeZone").asText()).isEqualTo("Z");
    assertThat(nightly.path("paused").asBoolean()).isFalse();
    assertThat(nightly.path("nextFireTime").asText()).isEqualTo("2026-03-02T02:00:00Z");
    assertThat(nightly.path("lastRun").path("outcome").asText()).isEqualTo("succeeded");
    JsonNode slot = nightly.path("recentSlots").get(0);
    assertThat(slot.path("slot").asText()).isEqualTo(run.json().path("slot").asText());
    assertThat(slot.path("state").asText()).isEqualTo("succeeded");
    assertThat(slot.path("onDemand").asBoolean()).isTrue();
  }

  @Test
  void timers_shouldShowThePause_andRunNowShouldBeRefusedNamingTheResume() {
    layer.post("/triggers/nightly/pause");
    try {
      Response refused = layer.post("/timers/nightly/run");

      assertThat(layer.get("/timers").json().path("timers").get(0).path("paused").asBoolean()).isTrue();
      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.json().path("error").asText()).contains("paused").contains("/triggers/nightly/resume");
    } finally {
      layer.post("/triggers/nightly/resume");
    }
  }

  @Test
  void timers_shouldAnswer400_forSlotsOutOfRange() {
    assertThat(layer.get("/timers?slots=51").json().path("error").asText()).contains("from 0 to 50");
  }
}
