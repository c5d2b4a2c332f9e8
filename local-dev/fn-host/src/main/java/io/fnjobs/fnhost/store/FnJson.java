package io.fnjobs.fnhost.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * Fn's JSON shape of app and function writes, both ways: the bodies the {@code fn} CLI sends, read
 * strictly (a field Fn does not know, or a value of the wrong type, is refused naming it), and the
 * changes the store keeps in its file, written in the same shape.
 *
 * <p>Read-only fields are accepted and ignored, as Fn does: the CLI sends back what it read, and its
 * Go client sends {@code created_at} as {@code 0001-01-01T00:00:00.000Z} when it has none. So is the
 * {@value #INVOKE_ENDPOINT} annotation, which Fn computes for every answer.
 */
public final class FnJson {

  /** Fn's annotation that tells clients where to invoke a function; computed, never stored. */
  public static final String INVOKE_ENDPOINT = "fnproject.io/fn/invokeEndpoint";

  private static final Set<String> APP_FIELDS =
      Set.of("id", "name", "config", "annotations", "syslog_url", "created_at", "updated_at");
  private static final Set<String> FN_FIELDS =
      Set.of(
          "id", "name", "app_id", "image", "memory", "timeout", "idle_timeout", "config", "annotations", "created_at",
          "updated_at");
  private static final ObjectMapper PLAIN = new ObjectMapper();

  private FnJson() {}

  /** Reads an app body; throws {@link InvalidResourceException} naming the first bad field. */
  public static AppChange appChange(JsonNode body) {
    ObjectNode object = object(body, "an Fn app", APP_FIELDS);
    return new AppChange(
        text(object, "id"), text(object, "name"), config(object), annotations(object), text(object, "syslog_url"));
  }

  /** Reads a function body; throws {@link InvalidResourceException} naming the first bad field. */
  public static FnChange fnChange(JsonNode body) {
    ObjectNode object = object(body, "an Fn function", FN_FIELDS);
    return new FnChange(
        text(object, "id"), text(object, "name"), text(object, "app_id"), text(object, "image"),
        wholeNumber(object, "memory"), wholeNumber(object, "timeout"), wholeNumber(object, "idle_timeout"),
        config(object), annotations(object));
  }

  static ObjectNode write(AppChange change) {
    ObjectNode node = PLAIN.createObjectNode();
    change.name().ifPresent(name -> node.put("name", name));
    putMaps(node, change.config(), change.annotations());
    change.syslogUrl().ifPresent(url -> node.put("syslog_url", url));
    return node;
  }

  static ObjectNode write(FnChange change) {
    ObjectNode node = PLAIN.createObjectNode();
    change.name().ifPresent(name -> node.put("name", name));
    change.appId().ifPresent(appId -> node.put("app_id", appId));
    change.image().ifPresent(image -> node.put("image", image));
    change.memoryMb().ifPresent(memory -> node.put("memory", memory));
    change.timeoutSeconds().ifPresent(timeout -> node.put("timeout", timeout));
    change.idleTimeoutSeconds().ifPresent(idle -> node.put("idle_timeout", idle));
    putMaps(node, change.config(), change.annotations());
    return node;
  }

  private static void putMaps(ObjectNode node, Map<String, String> config, Map<String, Object> annotations) {
    if (!config.isEmpty()) {
      node.set("config", PLAIN.valueToTree(config));
    }
    if (!annotations.isEmpty()) {
      node.set("annotations", PLAIN.valueToTree(annotations));
    }
  }

  private static ObjectNode object(JsonNode body, String what, Set<String> known) {
    if (!(body instanceof ObjectNode object)) {
      throw new InvalidResourceException("Invalid JSON: expected " + what + " as a JSON object");
    }
    for (String field : (Iterable<String>) object::fieldNames) {
      if (!known.contains(field)) {
        throw new InvalidResourceException(
            "'" + field + "' is not a field of " + what + " (known: " + String.join(", ", new TreeSet<>(known)) + ")");
      }
    }
    readOnlyTime(object, "created_at");
    readOnlyTime(object, "updated_at");
    return object;
  }

  private static void readOnlyTime(ObjectNode object, String field) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return;
    }
    try {
      Instant.parse(node.asText());
    } catch (DateTimeParseException e) {
      throw wrongType(field, node, "a read-only date-time such as 2024-05-01T12:00:00.000Z (it is ignored)");
    }
  }

  private static Optional<String> text(ObjectNode object, String field) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual()) {
      throw wrongType(field, node, "a text value");
    }
    return Optional.of(node.asText());
  }

  private static OptionalInt wholeNumber(ObjectNode object, String field) {
    JsonNode node = object.get(field);
    if (node == null || node.isNull()) {
      return OptionalInt.empty();
    }
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw wrongType(field, node, "a whole number");
    }
    return OptionalInt.of(node.asInt());
  }

  private static Map<String, String> config(ObjectNode object) {
    Map<String, String> config = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : entries(object, "config").entrySet()) {
      if (!entry.getValue().isTextual()) {
        throw wrongType("config." + entry.getKey(), entry.getValue(), "a text value (\"\" removes the key)");
      }
      config.put(entry.getKey(), entry.getValue().asText());
    }
    return config;
  }

  private static Map<String, Object> annotations(ObjectNode object) {
    Map<String, Object> annotations = new LinkedHashMap<>();
    entries(object, "annotations").forEach((key, value) -> {
      if (!key.equals(INVOKE_ENDPOINT)) {
        annotations.put(key, PLAIN.convertValue(value, Object.class));
      }
    });
    return annotations;
  }

  private static Map<String, JsonNode> entries(ObjectNode object, String field) {
    JsonNode node = object.get(field);
    Map<String, JsonNode> entries = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return entries;
    }
    if (!node.isObject()) {
      throw wrongType(field, node, "an object of names to values");
    }
    node.fields().forEachRemaining(entry -> entries.put(entry.getKey(), entry.getValue()));
    return entries;
  }

  private static InvalidResourceException wrongType(String field, JsonNode value, String expected) {
    return new InvalidResourceException("Invalid JSON: field '" + field + "' = " + value + ": expected " + expected);
  }
}
