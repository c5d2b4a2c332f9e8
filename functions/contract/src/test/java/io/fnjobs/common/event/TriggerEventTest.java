package io.fnjobs.common.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.Kind;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
    assertThat(read).isInstanceOf(SourceEvent.class);
    assertThat(((SourceEvent) read).source()).containsEntry("file", "a.txt");
  }

  @Test
  void new_shouldRefuseTheEvent_whenAKindOfItsOwnHasNoSource() {
    assertThatThrownBy(() -> new SourceEvent("drops", Kind.of("file-drop"), "a", "k", 1, null, null))
        .hasMessageContaining("a file-drop event needs its 'source' part");
  }

  @Test
  void of_shouldRefuseTheName_whenItIsNotLowerCaseLettersDigitsAndDashes() {
    assertThatThrownBy(() -> Kind.of("File Drop")).hasMessageContaining("'File Drop'");
  }

  @Test
  void read_shouldGiveBackTheBlobEvent_whenItWasWrittenWithItsAttemptAndDeadline() {
    BlobEvent event = TriggerEvent.ofBlob("uploads", "e1", "blob:uploads/a.jpg@9", new BlobChange(
        BlobChange.Change.created, "uploads", "images/a.jpg", "9", 5L, null, "0A"))
        .forAttempt(2, Instant.parse("2026-03-01T02:00:30Z"));

    String json = new String(Json.write(event), StandardCharsets.UTF_8);

    // byte for byte what the single-record event wrote: the mapper sorts properties, kind among them
    assertThat(json).isEqualTo("{\"attempt\":2,\"blob\":{\"bucket\":\"uploads\",\"change\":\"created\",\"etag\":\"9\","
        + "\"key\":\"images/a.jpg\",\"sequencer\":\"0A\",\"size\":5},\"deadline\":\"2026-03-01T02:00:30Z\",\"eventId\":\"e1\","
        + "\"idempotencyKey\":\"blob:uploads/a.jpg@9\",\"kind\":\"blob\",\"trigger\":\"uploads\"}");
    assertThat(readBack(json)).isInstanceOf(BlobEvent.class).isEqualTo(event);
  }

  @Test
  void read_shouldGiveBackTheQueueEvent_whenItWasWritten() throws Exception {
    QueueEvent event = TriggerEvent.ofMessage("orders", "m1", "order:A#1",
        new QueueMessage("orders", "m1", "{\"orderId\":\"A\"}", 3));

    String json = new String(Json.write(event), StandardCharsets.UTF_8);

    assertThat(Json.MAPPER.readTree(json)).isEqualTo(Json.MAPPER.readTree("{\"trigger\":\"orders\",\"kind\":\"queue\","
        + "\"eventId\":\"m1\",\"idempotencyKey\":\"order:A#1\",\"attempt\":1,\"message\":{\"queue\":\"orders\","
        + "\"messageId\":\"m1\",\"body\":\"{\\\"orderId\\\":\\\"A\\\"}\",\"receiveCount\":3}}"));
    assertThat(readBack(json)).isInstanceOf(QueueEvent.class).isEqualTo(event);
  }

  @Test
  void read_shouldGiveBackTheTimerEvent_whenItWasWrittenUnderAnotherKey() {
    TimerEvent event = TriggerEvent.ofTimer("nightly", "n@1", "timer:nightly@1", new TimerTick("1", true, true))
        .withIdempotencyKey("fn:fnjobs/nightly-cleanup:timer:nightly@1");

    TriggerEvent read = readBack(new String(Json.write(event), StandardCharsets.UTF_8));

    assertThat(read).isInstanceOf(TimerEvent.class).isEqualTo(event);
    assertThat(((TimerEvent) read).timer().pastDue()).isTrue();
  }

  @Test
  void read_shouldGiveASourceEvent_whenTheKindIsUnknown() {
    TriggerEvent read = readBack("{\"trigger\":\"mails\",\"kind\":\"imap-mail\",\"eventId\":\"7\","
        + "\"idempotencyKey\":\"imap:7\",\"attempt\":1,\"source\":{\"folder\":\"INBOX\",\"uid\":7},\"later\":true}");

    assertThat(read).isInstanceOf(SourceEvent.class);
    assertThat(read.kind()).isEqualTo(Kind.of("imap-mail"));
    assertThat(((SourceEvent) read).source()).containsEntry("folder", "INBOX").containsEntry("uid", 7);
    assertThat(readBack(new String(Json.write(read), StandardCharsets.UTF_8))).isEqualTo(read);
  }

  @Test
  void read_shouldRefuseTheEvent_whenABuiltInKindLacksItsPart() {
    assertThatThrownBy(() -> readBack("{\"trigger\":\"t\",\"kind\":\"queue\",\"eventId\":\"e\","
        + "\"idempotencyKey\":\"k\",\"attempt\":1,\"blob\":{\"change\":\"created\",\"bucket\":\"b\",\"key\":\"k\"}}"))
        .hasStackTraceContaining("a queue event needs its 'message' part");
  }

  @Test
  void expect_shouldAnswerTheSubtype_whenTheKindIsTheOneHandled() {
    TriggerEvent event = TriggerEvent.ofTimer("nightly", "n@1", "k", new TimerTick("1", false, false));

    TimerEvent tick = JobReply.expect("nightly-cleanup", TimerEvent.class, event);

    assertThat(tick.timer().slot()).isEqualTo("1");
  }

  @Test
  void expect_shouldNameFunctionKindsAndTrigger_whenTheKindIsAnother() {
    TriggerEvent event = TriggerEvent.ofTimer("nightly", "n@1", "k", new TimerTick("1", false, false));

    assertThatThrownBy(() -> JobReply.expect("order-processor", QueueEvent.class, event))
        .isInstanceOf(UnexpectedEventException.class)
        .hasMessage("function order-processor handles queue events, but trigger nightly sent a timer event (n@1):"
            + " bind it to a trigger of type queue in infra/triggers");
  }

  private static TriggerEvent readBack(String json) {
    return Json.read(json.getBytes(StandardCharsets.UTF_8), TriggerEvent.class, "event");
  }
}
