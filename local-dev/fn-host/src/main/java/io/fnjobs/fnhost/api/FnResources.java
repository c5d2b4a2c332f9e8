package io.fnjobs.fnhost.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnjobs.fnhost.catalog.AppDefinition;
import io.fnjobs.fnhost.catalog.FunctionDefinition;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The JSON shapes of Fn's /v2 API: apps, fns, lists of them and errors. */
final class FnResources {

  /** Fn's annotation that tells clients where to invoke a function. */
  static final String INVOKE_ENDPOINT = "fnproject.io/fn/invokeEndpoint";

  private static final DateTimeFormatter FN_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final ObjectMapper json;

  FnResources(ObjectMapper json) {
    this.json = json;
  }

  ObjectNode app(AppDefinition app) {
    ObjectNode node = json.createObjectNode().put("id", app.id()).put("name", app.name());
    node.set("config", json.valueToTree(app.config()));
    node.set("annotations", json.valueToTree(app.annotations()));
    app.syslogUrl().ifPresent(url -> node.put("syslog_url", url));
    return times(node, app.updatedAt());
  }

  ObjectNode fn(FunctionDefinition function, URI base) {
    ObjectNode node =
        json.createObjectNode()
            .put("id", function.id())
            .put("name", function.name())
            .put("app_id", function.appId())
            .put("image", function.image())
            .put("memory", function.memoryMb())
            .put("timeout", function.timeout().toSeconds())
            .put("idle_timeout", function.idleTimeout().toSeconds());
    node.set("config", json.valueToTree(function.config()));
    ObjectNode annotations = json.valueToTree(function.annotations());
    annotations.put(INVOKE_ENDPOINT, base + "/invoke/" + function.id());
    node.set("annotations", annotations);
    return times(node, function.updatedAt());
  }

  ObjectNode list(List<ObjectNode> items) {
    ObjectNode node = json.createObjectNode();
    node.putArray("items").addAll(items);
    return node;
  }

  ObjectNode error(String message) {
    return json.createObjectNode().put("message", message);
  }

  private static ObjectNode times(ObjectNode node, Instant updatedAt) {
    return node.put("created_at", FN_TIME.format(updatedAt)).put("updated_at", FN_TIME.format(updatedAt));
  }
}
