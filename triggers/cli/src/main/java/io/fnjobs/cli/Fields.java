package io.fnjobs.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading the API's answers for tables: a field's text, or a dash where it is absent. */
final class Fields {

  private Fields() {}

  static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() || value.asText().isEmpty() ? "-" : value.asText();
  }

  /** The elements of an array field, comma-separated. */
  static String list(JsonNode node, String field) {
    java.util.List<String> items = new java.util.ArrayList<>();
    node.path(field).forEach(item -> items.add(item.asText()));
    return String.join(", ", items);
  }

  static String yesNo(JsonNode node, String field) {
    return node.path(field).asBoolean() ? "yes" : "no";
  }
}
