package io.fnjobs.fnhost.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnjobs.fnhost.catalog.InvalidCatalogException.Problem;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, strict reads of one YAML mapping; each bad field is recorded as a {@link Problem} naming the
 * file, the field and the value, so that one load reports every problem at once.
 */
final class YamlDocument {

  private static final ObjectMapper PLAIN = new ObjectMapper();

  private final Path file;
  private final ObjectNode root;
  private final List<Problem> problems;

  YamlDocument(Path file, ObjectNode root, List<Problem> problems) {
    this.file = file;
    this.root = root;
    this.problems = problems;
  }

  Path file() {
    return file;
  }

  void problem(String field, Object value, String reason) {
    problems.add(new Problem(file, field, value, reason));
  }

  /** Records every field that is not in {@code known}. */
  void rejectUnknownFields(Set<String> known, String what) {
    for (Map.Entry<String, JsonNode> entry : root.properties()) {
      if (!known.contains(entry.getKey())) {
        problem(entry.getKey(), null, "is not a field of " + what + " (known: " + String.join(", ", sorted(known)) + ")");
      }
    }
  }

  Optional<String> text(String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isValueNode() || node.asText().isBlank()) {
      problem(field, node, "expected a text value");
      return Optional.empty();
    }
    return Optional.of(node.asText().trim());
  }

  /** A required text field; records a problem and returns "" when it is absent. */
  String requiredText(String field, String hint) {
    Optional<String> value = text(field);
    if (value.isEmpty() && !root.hasNonNull(field)) {
      problem(field, null, "is missing: " + hint);
    }
    return value.orElse("");
  }

  /** A whole number from {@code min} to {@code max}, or {@code fallback} when absent. */
  int wholeNumber(String field, int fallback, int min, int max, String unit) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (node.isIntegralNumber() && node.canConvertToInt() && node.asInt() >= min && node.asInt() <= max) {
      return node.asInt();
    }
    problem(field, node.asText(), "expected a whole number of " + unit + " from " + min + " to " + max);
    return fallback;
  }

  /** A mapping of names to scalar values (numbers and booleans are kept as their text). */
  Map<String, String> textMap(String field) {
    Map<String, String> values = new LinkedHashMap<>();
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return values;
    }
    if (!node.isObject()) {
      problem(field, node, "expected a mapping of names to values");
      return values;
    }
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      JsonNode value = entry.getValue();
      if (value.isValueNode() && !value.isNull()) {
        values.put(entry.getKey(), value.asText());
      } else {
        problem(field + "." + entry.getKey(), value, "expected a text value (quote it)");
      }
    }
    return values;
  }

  /** A mapping of names to any values, as plain Java maps, lists, strings and numbers. */
  Map<String, Object> objectMap(String field) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return Map.of();
    }
    if (!node.isObject()) {
      problem(field, node, "expected a mapping of names to values");
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> values = PLAIN.convertValue(node, LinkedHashMap.class);
    return values;
  }

  /** Checks that an optional field, when present, is a list. */
  void optionalList(String field) {
    JsonNode node = root.get(field);
    if (node != null && !node.isNull() && !node.isArray()) {
      problem(field, node, "expected a list");
    }
  }

  private static List<String> sorted(Set<String> names) {
    return names.stream().sorted().toList();
  }
}
