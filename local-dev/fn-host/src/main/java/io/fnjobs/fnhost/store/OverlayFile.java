package io.fnjobs.fnhost.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fnjobs.fnhost.catalog.InvalidCatalogException;
import io.fnjobs.fnhost.catalog.InvalidCatalogException.Problem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The file that keeps an {@link Overlay} across restarts, one JSON document in Fn's shapes:
 *
 * <pre>{@code
 * {"apps": {"fnjobs": {"changed": {"config": {"KEY": "value", "GONE": ""}}, "updated_at": "..."}},
 *  "fns": {"fnjobs/thumbnail": {"changed": {"memory": 256}, "updated_at": "..."},
 *          "fnjobs/extra": {"created": {"name": "extra", "app_id": "...", "image": "..."}, "created_at": "...", "updated_at": "..."},
 *          "fnjobs/nightly-cleanup": {"deleted": true}}}
 * }</pre>
 *
 * Written whole on each change, through a temporary file that replaces it in one move, so a crash
 * leaves the old file or the new one.
 */
final class OverlayFile {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private OverlayFile() {}

  /** The overlay in {@code file}; empty when there is none yet. */
  static Overlay read(Path file) {
    if (!Files.exists(file)) {
      return Overlay.EMPTY;
    }
    JsonNode root;
    try {
      root = JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw problem(file, "", null, "is not the host's JSON (" + e.getMessage().lines().findFirst().orElse("")
          + "): fix it, or delete it to serve the functions folder as it is");
    }
    if (!(root instanceof ObjectNode)) {
      throw problem(file, "", null, "is not a JSON object: delete it to serve the functions folder as it is");
    }
    return new Overlay(
        entries(file, root, "apps", FnJson::appChange), entries(file, root, "fns", FnJson::fnChange));
  }

  static void write(Path file, Overlay overlay) {
    ObjectNode root = JSON.createObjectNode();
    root.set("apps", entries(overlay.apps(), FnJson::write));
    root.set("fns", entries(overlay.fns(), FnJson::write));
    try {
      Files.createDirectories(file.getParent());
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      try (FileChannel channel = FileChannel.open(
          temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(JSON.writeValueAsBytes(root)));
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new ChangeNotSavedException(file.getFileName().toString(), e);
    }
  }

  private static <C> ObjectNode entries(Map<String, Entry<C>> entries, Function<C, ObjectNode> write) {
    ObjectNode node = JSON.createObjectNode();
    entries.forEach((key, entry) -> {
      ObjectNode written = node.putObject(key);
      if (entry instanceof Entry.Changed<C> changed) {
        written.set("changed", write.apply(changed.diff()));
        written.put("updated_at", changed.updatedAt().toString());
      } else if (entry instanceof Entry.Created<C> created) {
        written.set("created", write.apply(created.resource()));
        written.put("created_at", created.createdAt().toString());
        written.put("updated_at", created.updatedAt().toString());
      } else {
        written.put("deleted", true);
      }
    });
    return node;
  }

  private static <C> Map<String, Entry<C>> entries(Path file, JsonNode root, String field, Function<JsonNode, C> read) {
    Map<String, Entry<C>> entries = new TreeMap<>();
    JsonNode node = root.path(field);
    if (node.isMissingNode()) {
      return entries;
    }
    if (!node.isObject()) {
      throw problem(file, field, node, "expected an object of entries");
    }
    node.fields().forEachRemaining(entry -> {
      String where = field + "." + entry.getKey();
      try {
        entries.put(entry.getKey(), entry(entry.getValue(), read));
      } catch (InvalidResourceException | DateTimeParseException e) {
        throw problem(file, where, null, e.getMessage() + ": fix it, or delete the entry to serve the folder's definition");
      }
    });
    return entries;
  }

  private static <C> Entry<C> entry(JsonNode node, Function<JsonNode, C> read) {
    if (node.path("deleted").asBoolean(false)) {
      return new Entry.Deleted<>();
    }
    if (node.has("changed")) {
      return new Entry.Changed<>(read.apply(node.get("changed")), time(node, "updated_at"));
    }
    if (node.has("created")) {
      return new Entry.Created<>(read.apply(node.get("created")), time(node, "created_at"), time(node, "updated_at"));
    }
    throw new InvalidResourceException("expected one of deleted, changed or created");
  }

  private static Instant time(JsonNode node, String field) {
    return Instant.parse(node.path(field).asText());
  }

  private static InvalidCatalogException problem(Path file, String field, Object value, String reason) {
    return new InvalidCatalogException(List.of(new Problem(file, field, value, reason)));
  }
}
