package io.fnjobs.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.event.TriggerEvent.Kind;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerEventTest {

  @Test
  void write_shouldKeepTheTimerShape_whenTheKindIsBuiltIn() throws Exception {
    TriggerEvent event = TriggerEvent.ofTimer("nightly", "nightly@2024-01-01T02:00:00Z", "timer:nightly",
        new TimerTick("2024-01-01T02:00:00Z", false, false));

    String json = new String(Json.write(event), StandardCharsets.UTF_8);

    assertThat(Json.MAPPER.readTree(json)).isEqualTo(Json.MAPPER.readTree("{\"trigger\":\"nightly\",\"kind\":\"timer\",\"eventId\":\"nightly@2024-01-01T02:00:00Z\","
        + "\"idempotencyKey\":\"timer:nightly\",\"attempt\":1,"
        + "\"timer\":{\"slot\":\"2024-01-01T02:00:00Z\",\"pastDue\":false,\"onDemand\":false}}"));
    assertThat(Json.read(json.getBytes(StandardCharsets.UTF_8), TriggerEvent.class, "event").kind())
        .isSameAs(Kind.timer);
  }

  @Test
  void write_shouldCarryTheTypeNameAndSourceObject_whenTheKindIsATypeOfItsOwn() {
    TriggerEvent event = TriggerEvent.ofSource("drops", Kind.of("file-drop"), "a.txt", "file-drop:/in/a.txt:5",
        Map.of("file", "a.txt"));

    String json = new String(Json.write(event), StandardCharsets.UTF_8);
    TriggerEvent read = Json.read(json.getBytes(StandardCharsets.UTF_8), TriggerEvent.class, "event");

    assertThat(json).contains("\"kind\":\"file-drop\"", "\"source\":{\"file\":\"a.txt\"}");
    assertThat(read.kind()).isEqualTo(Kind.of("file-drop"));
    assertThat(read.source()).containsEntry("file", "a.txt");
  }

  @Test
  void new_shouldRefuseTheEvent_whenAKindOfItsOwnHasNoSource() {
    assertThatThrownBy(() -> new TriggerEvent("drops", Kind.of("file-drop"), "a", "k", 1, null, null, null, null, null))
        .hasMessageContaining("a file-drop event needs its 'source' part");
  }

  @Test
  void of_shouldRefuseTheName_whenItIsNotLowerCaseLettersDigitsAndDashes() {
    assertThatThrownBy(() -> Kind.of("File Drop")).hasMessageContaining("'File Drop'");
  }
}
