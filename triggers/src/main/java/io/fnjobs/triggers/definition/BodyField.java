package io.fnjobs.triggers.definition;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A field of a JSON message body as a trigger definition names it: {@code orderId}, or dotted for a
 * nested one, {@code customer.id}. Used for a queue trigger's idempotency fields and its flag's subject.
 */
public final class BodyField {

  /** A field name, or names joined by dots: no blanks, no empty parts. */
  public static final String PATTERN = "[^.\\s]+(\\.[^.\\s]+)*";

  private BodyField() {}

  /** The value at {@code field} in {@code body}: a missing node when any part of the way is missing. */
  public static JsonNode at(JsonNode body, String field) {
    JsonNode value = body;
    for (String part : field.split("\\.")) {
      value = value.path(part);
    }
    return value;
  }

  /** Whether {@code value} is a value a key can be made of: a string, number or boolean, not null. */
  public static boolean isScalar(JsonNode value) {
    return value.isValueNode() && !value.isNull();
  }
}
