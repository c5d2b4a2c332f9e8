package io.fnjobs.triggers.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

  @Test
  void read_shouldKeepTheNamesOfARemoval_whenTheLetterWasWrittenBeforeEventTimesWereKept() {
    String written = "{\"id\":\"0123456789abcdef0123456789abcdef\",\"trigger\":\"thumbs\",\"function\":\"thumbnail\","
        + "\"eventId\":\"uploads/images/cat.jpg@removed:unsequenced\","
        + "\"idempotencyKey\":\"blob:uploads/images/cat.jpg#v:removed:unsequenced\","
        + "\"change\":{\"change\":\"removed\",\"bucket\":\"uploads\",\"key\":\"images/cat.jpg\",\"etag\":null,"
        + "\"size\":null,\"versionId\":null,\"sequencer\":null,\"source\":\"webhook\"},\"attempts\":3}";

    DeadLetter letter = Json.read(written.getBytes(StandardCharsets.UTF_8), DeadLetter.class, "a dead letter");

    assertThat(letter.change().blob().change()).isEqualTo(Change.removed);
    assertThat(letter.change().eventId()).isEqualTo(letter.eventId());
    assertThat(letter.change().idempotencyKey()).isEqualTo(letter.idempotencyKey());
  }

  @Test
  void write_shouldKeepTheEventTimeOfTheChange_soThatAReplayIsTheSameRemoval() {
    ObjectChange removal = ObjectChange.told(new BlobChange(Change.removed, "uploads", "images/cat.jpg", null, null, null, null), "2026-11-21T15:04:06.512Z", ObjectChange.Source.webhook);
    DeadLetter letter = new DeadLetter(DeadLetter.idOf(removal), "thumbs", "thumbnail", removal.eventId(),
        removal.idempotencyKey(), removal, 3, "boom", null, null);

    DeadLetter read = Json.read(Json.write(letter), DeadLetter.class, "a dead letter");

    assertThat(read.change()).isEqualTo(removal);
    assertThat(read.change().from(ObjectChange.Source.replay).idempotencyKey()).isEqualTo(removal.idempotencyKey());
  }

  @Test
  void write_shouldLeaveOutTheTraceparent_whenTheChangeCameWithOne() {
    ObjectChange traced = ObjectChange.created("uploads", "images/cat.jpg", "e1", 10L, ObjectChange.Source.webhook)
        .tracedBy("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    DeadLetter letter = new DeadLetter(DeadLetter.idOf(traced), "thumbs", "thumbnail", traced.eventId(),
        traced.idempotencyKey(), traced, 3, "boom", null, null);

    byte[] written = Json.write(letter);

    assertThat(new String(written, StandardCharsets.UTF_8)).doesNotContain("traceparent").doesNotContain("4bf92f35");
    DeadLetter read = Json.read(written, DeadLetter.class, "a dead letter");
    assertThat(read.change()).isEqualTo(traced.tracedBy(null));
  }

  @Test
  void write_shouldGiveBackTheBytesARemovalWasStoredIn_beforeTheChangeHeldItsBlobChange() {
    String stored = "{\"attempts\":3,\"change\":{\"bucket\":\"uploads\",\"change\":\"removed\",\"etag\":null,"
        + "\"eventTime\":\"2026-11-21T15:04:05.123Z\",\"key\":\"images/cat.jpg\",\"lastModified\":null,"
        + "\"sequencer\":\"0AB1\",\"size\":null,\"source\":\"queue\",\"versionId\":null},"
        + "\"eventId\":\"uploads/images/cat.jpg@removed:0AB1\",\"id\":\"0123456789abcdef0123456789abcdef\","
        + "\"idempotencyKey\":\"blob:uploads/images/cat.jpg#v:removed:0AB1\",\"lastError\":\"boom\","
        + "\"trigger\":\"thumbs\"}";

    DeadLetter read = Json.read(stored.getBytes(StandardCharsets.UTF_8), DeadLetter.class, "a dead letter");

    assertThat(read.change()).isEqualTo(ObjectChange.told(
        new BlobChange(Change.removed, "uploads", "images/cat.jpg", null, null, null, "0AB1"),
        "2026-11-21T15:04:05.123Z", ObjectChange.Source.queue));
    assertThat(new String(Json.write(read), StandardCharsets.UTF_8)).isEqualTo(stored);
  }

  @Test
  void write_shouldGiveBackTheBytesAHoldNoteWasStoredIn_beforeTheChangeHeldItsBlobChange() {
    String stored = "{\"change\":{\"bucket\":\"uploads\",\"change\":\"created\",\"etag\":\"e1\","
        + "\"eventTime\":null,\"key\":\"images/cat.jpg\",\"lastModified\":\"2026-11-21T09:30:00Z\","
        + "\"sequencer\":null,\"size\":4,\"source\":\"sweep\",\"versionId\":\"v1\"},"
        + "\"receipt\":\"receipts/thumbs/uploads/images/cat.jpg/v1.json\"}";

    byte[] written = Json.write(Json.read(stored.getBytes(StandardCharsets.UTF_8),
        ObjectStoreReceipts.HoldNote.class, "a hold note"));

    assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(stored);
  }
}
