package io.fnjobs.orders.mail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MessageIdsTest {

  @Test
  void of_shouldGiveTheSameIdForTheSameMessage_andAnotherForAnotherSequenceOrKind() {
    String first = MessageIds.of("A-1", 1, "confirmation", "orders@Example.COM");

    assertThat(MessageIds.of("A-1", 1, "confirmation", "orders@Example.COM")).isEqualTo(first);
    assertThat(MessageIds.of("A-1", 2, "confirmation", "orders@Example.COM")).isNotEqualTo(first);
    assertThat(MessageIds.of("A-1", 1, "cancellation", "orders@Example.COM")).isNotEqualTo(first);
    assertThat(MessageIds.of("A-2", 1, "confirmation", "orders@Example.COM")).isNotEqualTo(first);
    assertThat(first).matches("<order\\.[0-9a-f]{24}\\.1\\.confirmation@example\\.com>");
  }

  @Test
  void of_shouldBePlainAscii_whateverTheOrderIdHolds() {
    String id = MessageIds.of("Bestellung Ö-1 +50% <x@y>", 3, "confirmation", "orders@fnjobs.local");

    assertThat(id).matches("<order\\.[0-9a-f]{24}\\.3\\.confirmation@fnjobs\\.local>");
    assertThat(id.chars()).allMatch(c -> c > 32 && c < 127);
  }
}
