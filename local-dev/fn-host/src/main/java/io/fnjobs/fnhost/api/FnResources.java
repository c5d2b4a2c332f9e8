package io.fnjobs.fnhost.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnjobs.fnhost.store.App;
import io.fnjobs.fnhost.store.Fn;
import io.fnjobs.fnhost.store.FnJson;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * The JSON shapes of Fn's API: apps, fns, lists of them, errors, the version and the root. As Fn
 * does, an app leaves out empty config and annotations, and a function's annotations always hold
 * where to invoke it.
 */
final class FnResources {

  /** The Fn server release whose API the host follows, marked as the host's. */
  static final String VERSION = "0.3.753-fnjobs";

  private static final DateTimeFormatter FN_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ObjectMapper json;

  FnResources(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode app(App app) {
    ObjectNode node = json.createObjectNode().put("id", app.id()).put("name", app.name());
    if (!app.config().isEmpty()) {
      node.set("config", json.valueToTree(app.config()));
    }
    if (!app.annotations().isEmpty()) {
      node.set("annotations", json.valueToTree(app.annotations()));
    }
    app.syslogUrl().ifPresent(url -> node.put("syslog_url", url));
    return times(node, app.createdAt(), app.updatedAt());
  }

  /** @param base where the caller reached the host, e.g. {@code http://127.0.0.1:8080} */
  ObjectNode fn(Fn fn, String base) {
    ObjectNode node =
        json.createObjectNode()
            .put("id", fn.id())
            .put("name", fn.name())
            .put("app_id", fn.appId())
            .put("image", fn.image())
            .put("memory", fn.memoryMb())
            .put("timeout", fn.timeout().toSeconds())
            .put("idle_timeout", fn.idleTimeout().toSeconds());
    node.set("config", json.valueToTree(fn.config()));
    ObjectNode annotations = json.valueToTree(fn.annotations());
    annotations.put(FnJson.INVOKE_ENDPOINT, base + "/invoke/" + fn.id());
    node.set("annotations", annotations);
    return times(node, fn.createdAt(), fn.updatedAt());
  }

  ObjectNode list(List<ObjectNode> items) {
    ObjectNode node = json.createObjectNode();
    node.putArray("items").addAll(items);
    return node;
  }

  ObjectNode error(String message) {
    return json.createObjectNode().put("message", message);
  }

  ObjectNode version() {
    return json.createObjectNode().put("version", VERSION);
  }

  /** What Fn answers on {@code GET /}. */
  ObjectNode hello() {
    return json.createObjectNode().put("goto", "https://github.com/fnproject/fn").put("hello", "world!");
  }

  private static ObjectNode times(ObjectNode node, Instant createdAt, Instant updatedAt) {
    return node.put("created_at", FN_TIME.format(createdAt)).put("updated_at", FN_TIME.format(updatedAt));
  }
}
