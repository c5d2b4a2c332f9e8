package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.json.Json;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageKeysTest {

  private static final List<String> ORDER = List.of("orderId", "sequence");

  @Test
  void idempotencyKey_shouldUseTheBusinessKey_whenTheBodyHasEveryField() throws IOException {
    assertThat(MessageKeys.idempotencyKey("orders", json("{\"orderId\":\"A-1001\",\"sequence\":3,\"x\":1}"), ORDER, "m-1"))
        .isEqualTo("queue:orders:A-1001#3");
  }

  @Test
  void idempotencyKey_shouldFallBackToTheOriginalMessageId_whenAFieldIsMissingOrNotAValue() throws IOException {
    assertThat(MessageKeys.idempotencyKey("orders", json("{\"orderId\":\"A-1\"}"), ORDER, "m-2"))
        .isEqualTo("queue:orders:message:m-2");
    assertThat(MessageKeys.idempotencyKey("orders", json("{\"orderId\":{\"id\":1},\"sequence\":1}"), ORDER, "m-3"))
        .isEqualTo("queue:orders:message:m-3");
    assertThat(MessageKeys.idempotencyKey("orders", json("{\"orderId\":null,\"sequence\":1}"), ORDER, "m-4"))
        .isEqualTo("queue:orders:message:m-4");
    assertThat(MessageKeys.idempotencyKey("orders", json("[1,2]"), ORDER, "m-5")).isEqualTo("queue:orders:message:m-5");
    assertThat(MessageKeys.idempotencyKey("orders", json("{\"orderId\":\"A\"}"), List.of(), "m-6"))
        .isEqualTo("queue:orders:message:m-6");
  }

  @Test
  void businessKey_shouldKeepValuesApart_whenTheyHoldTheSeparator() throws IOException {
    String first = MessageKeys.businessKey(json("{\"orderId\":\"A#1\",\"sequence\":2}"), ORDER).orElseThrow();
    String second = MessageKeys.businessKey(json("{\"orderId\":\"A\",\"sequence\":\"1#2\"}"), ORDER).orElseThrow();

    assertThat(first).isNotEqualTo(second).isEqualTo("A%231#2");
  }

  @Test
  void businessKey_shouldReachIntoObjects_whenAFieldIsDotted() throws IOException {
    assertThat(MessageKeys.businessKey(json("{\"customer\":{\"id\":\"c 7\"},\"n\":1}"), List.of("customer.id", "n")))
        .contains("c+7#1");
  }

  private static JsonNode json(String text) throws IOException {
    return Json.MAPPER.readTree(text);
  }
}
