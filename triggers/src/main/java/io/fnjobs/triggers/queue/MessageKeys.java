package io.fnjobs.triggers.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.triggers.definition.BodyField;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The idempotency key of a queue message: from its business key, the values of the trigger's
 * {@code source.idempotencyFields} in its JSON body (e.g. {@code queue:orders:A-1001#3}), or, when
 * the body lacks one of them, from the id of the message as first sent (a redriven message keeps it
 * in {@link DeadLetterAttributes#ORIGINAL_MESSAGE_ID}).
 */
final class MessageKeys {

  private MessageKeys() {}

  static String idempotencyKey(String queue, JsonNode body, List<String> fields, String originalMessageId) {
    return IdempotencyKeys.message(queue, businessKey(body, fields).orElse(null), originalMessageId);
  }

  /**
   * The values of the fields, each percent-encoded and joined by {@code #}, so that no value can
   * pass for two ({@code A#1} and {@code 1} stay apart from {@code A} and {@code 1#1}); empty when
   * there are no fields or one is missing, null, an object or a list.
   */
  static Optional<String> businessKey(JsonNode body, List<String> fields) {
    if (fields.isEmpty()) {
      return Optional.empty();
    }
    List<String> values = new ArrayList<>();
    for (String field : fields) {
      JsonNode value = BodyField.at(body, field);
      if (!BodyField.isScalar(value)) {
        return Optional.empty();
      }
      values.add(URLEncoder.encode(value.asText(), StandardCharsets.UTF_8));
    }
    return Optional.of(String.join("#", values));
  }
}
