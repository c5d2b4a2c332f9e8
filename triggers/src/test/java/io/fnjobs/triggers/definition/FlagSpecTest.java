package io.fnjobs.triggers.definition;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.triggers.definition.FlagSpec.Subject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FlagSpecTest {

  private final FlagSpec orders = FlagSpec.of("orders", "order.id", "sequence");

  @Test
  void subjectOf_shouldReadTheMessagesSubjectField_andItsSequence() {
    assertThat(orders.subjectOf(message("{\"order\":{\"id\":\"Bestellung Ö-6 +50%\"},\"sequence\":3}")))
        .contains(new Subject("Bestellung Ö-6 +50%", EventOrder.sequence(3)));
    assertThat(orders.subjectOf(message("{\"order\":{\"id\":42}}"))).contains(new Subject("42", EventOrder.NONE));
  }

  @Test
  void subjectOf_shouldHaveNone_whenTheMessageHasNoUsableSubject() {
    assertThat(orders.subjectOf(message("{\"order\":{}}"))).isEmpty();
    assertThat(orders.subjectOf(message("{\"order\":{\"id\":[\"A\"]}}"))).isEmpty();
    assertThat(orders.subjectOf(message("{\"order\":{\"id\":\"../A\"}}"))).isEmpty();
    assertThat(orders.subjectOf(message("{\"order\":{\"id\":\"A\\nB\"}}"))).isEmpty();
    assertThat(orders.subjectOf(message("{\"order\":{\"id\":\" \"}}"))).isEmpty();
    assertThat(orders.subjectOf(message("not json"))).isEmpty();
  }

  @Test
  void subjectOf_shouldBeTheObjectsKey_forACreatedObject_andNoneForARemovedOne() {
    FlagSpec thumbnails = FlagSpec.of("thumbnail", null, null);

    assertThat(thumbnails.subjectOf(blob(Change.created))).contains(
        new Subject("images/cat.jpg", EventOrder.objectVersion(null, "0AB1")));
    assertThat(thumbnails.subjectOf(blob(Change.removed))).isEmpty();
  }

  @Test
  void subjectOf_shouldBeTheSlot_forATimer() {
    TriggerEvent tick = TriggerEvent.ofTimer("nightly", "nightly@2026-03-14T02:00:00Z", "timer:nightly@…",
        new TimerTick("2026-03-14T02:00:00Z", false, false));

    assertThat(FlagSpec.of("cleanup", null, null).subjectOf(tick)).contains(
        new Subject("2026-03-14T02:00:00Z", EventOrder.at(Instant.parse("2026-03-14T02:00:00Z"))));
  }

  private static TriggerEvent message(String body) {
    return TriggerEvent.ofMessage("orders", "m-1", "k", new QueueMessage("orders", "m-1", body, 1));
  }

  private static TriggerEvent blob(Change change) {
    return TriggerEvent.ofBlob("thumbs", "e-1", "k",
        new BlobChange(change, "uploads", "images/cat.jpg", "e1", 10L, null, "0AB1"));
  }
}
