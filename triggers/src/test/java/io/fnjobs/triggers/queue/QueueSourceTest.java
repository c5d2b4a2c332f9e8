package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.QueueEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.triggers.definition.FlagSpec;
import io.fnjobs.triggers.definition.FlagSpec.Subject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueSourceTest {

  private final QueueSource source = QueueSource.of(List.of("orders"), null, null, null, null, null);
  private final FlagSpec orders = FlagSpec.of("orders", "order.id", "sequence");

  @Test
  void subjectOf_shouldReadTheMessagesSubjectField_andItsSequence() {
    assertThat(source.subjectOf(orders, message("{\"order\":{\"id\":\"Bestellung Ö-6 +50%\"},\"sequence\":3}")))
        .contains(new Subject("Bestellung Ö-6 +50%", EventOrder.sequence(3)));
    assertThat(source.subjectOf(orders, message("{\"order\":{\"id\":42}}"))).contains(new Subject("42", EventOrder.NONE));
  }

  @Test
  void subjectOf_shouldHaveNone_whenTheMessageHasNoUsableSubject() {
    assertThat(source.subjectOf(orders, message("{\"order\":{}}"))).isEmpty();
    assertThat(source.subjectOf(orders, message("{\"order\":{\"id\":[\"A\"]}}"))).isEmpty();
    assertThat(source.subjectOf(orders, message("{\"order\":{\"id\":\"../A\"}}"))).isEmpty();
    assertThat(source.subjectOf(orders, message("{\"order\":{\"id\":\"A\\nB\"}}"))).isEmpty();
    assertThat(source.subjectOf(orders, message("{\"order\":{\"id\":\" \"}}"))).isEmpty();
    assertThat(source.subjectOf(orders, message("not json"))).isEmpty();
  }

  @Test
  void subjectOf_shouldHaveNone_whenTheEventIsNotAMessage() {
    TriggerEvent tick = TriggerEvent.ofTimer("nightly", "t", "k", new TimerTick("2026-03-01T02:00:00Z", false, false));

    assertThat(source.subjectOf(orders, tick)).isEmpty();
    assertThat(source.subjectOf(tick)).isNull();
  }

  @Test
  void subjectOf_shouldBeNone_whenOnlyTheMessageIsGiven() {
    assertThat(source.subjectOf(message("{\"order\":{\"id\":\"A-1\"}}"))).isNull();
  }

  @Test
  void traceAttributes_shouldNameTheQueueAndMessage() {
    assertThat(source.traceAttributes(message("{}"))).isEqualTo(Map.of("faas.trigger", "pubsub",
        "messaging.system", "aws_sqs", "messaging.operation.type", "process", "messaging.destination.name", "orders",
        "messaging.message.id", "m-1"));
  }

  private static QueueEvent message(String body) {
    return TriggerEvent.ofMessage("orders", "m-1", "k", new QueueMessage("orders", "m-1", body, 1));
  }
}
