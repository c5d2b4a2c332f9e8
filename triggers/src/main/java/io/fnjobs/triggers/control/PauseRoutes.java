package io.fnjobs.triggers.control;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.json.Json;
import io.fnjobs.triggers.http.AdminServer;
import io.fnjobs.triggers.http.AdminServer.Reply;
import io.fnjobs.triggers.http.AdminServer.Request;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pause and resume, for every instance at once ({@link SharedPauses}):
 *
 * <ul>
 *   <li>{@code POST /triggers/{name}/pause}, with an optional reason ({@code ?reason=} or a JSON body
 *       {@code {"reason": "..."}}): 200 with the pause, the one it had when it was paused already;
 *   <li>{@code POST /triggers/{name}/resume}: 200, also when it was not paused.
 * </ul>
 *
 * Both answer {@code {"trigger", "paused", "changed", "since", "reason"}}; 404 for an unknown trigger.
 */
public final class PauseRoutes {

  /** Longer reasons are refused: they are shown in every {@code GET /triggers}. */
  static final int MAX_REASON = 200;

  private static final Logger LOG = LoggerFactory.getLogger(PauseRoutes.class);
  private static final int MAX_BODY = 4096;

  private final SharedPauses pauses;
  private final List<String> triggers;

  public PauseRoutes(SharedPauses pauses, List<String> triggers) {
    this.pauses = pauses;
    this.triggers = List.copyOf(triggers);
  }

  public void addTo(AdminServer admin) {
    admin.route("POST", "/triggers/{name}/pause", this::pause);
    admin.route("POST", "/triggers/{name}/resume", this::resume);
  }

  private Reply pause(Request request) throws IOException {
    String name = request.path().get("name");
    if (!triggers.contains(name)) {
      return unknown(name);
    }
    String reason;
    try {
      reason = reason(request);
    } catch (IllegalArgumentException e) {
      return Reply.error(400, e.getMessage());
    }
    SharedPauses.Paused paused = pauses.pause(name, reason);
    if (paused.changed()) {
      LOG.info("trigger={} paused{}: it takes no new work until POST /triggers/{}/resume", name,
          paused.pause().reason() == null ? "" : " (" + paused.pause().reason() + ")", name);
    }
    return Reply.ok(answer(name, true, paused.changed(), paused.pause()));
  }

  private Reply resume(Request request) {
    String name = request.path().get("name");
    if (!triggers.contains(name)) {
      return unknown(name);
    }
    Optional<Pause> had = pauses.resume(name);
    had.ifPresent(pause -> LOG.info("trigger={} resumed, paused since {}", name, pause.since()));
    return Reply.ok(answer(name, false, had.isPresent(), had.orElse(null)));
  }

  private static Map<String, Object> answer(String name, boolean paused, boolean changed, Pause pause) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("trigger", name);
    body.put("paused", paused);
    body.put("changed", changed);
    if (pause != null) {
      body.put(paused ? "since" : "pausedSince", pause.since());
      if (pause.reason() != null) {
        body.put("reason", pause.reason());
      }
    }
    return body;
  }

  /** The reason of the query, else of the JSON body, else null. */
  private static String reason(Request request) throws IOException {
    String reason = request.query().get("reason");
    byte[] body = request.body().readNBytes(MAX_BODY + 1);
    if (reason == null && body.length > 0) {
      if (body.length > MAX_BODY) {
        throw new IllegalArgumentException("the body is larger than " + MAX_BODY + " bytes; send {\"reason\": \"...\"}");
      }
      JsonNode json;
      try {
        json = Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new IllegalArgumentException("the body is not JSON; send {\"reason\": \"...\"} or nothing");
      }
      JsonNode field = json == null ? null : json.get("reason");
      if (field != null && !field.isNull() && !field.isTextual()) {
        throw new IllegalArgumentException("field 'reason' = " + field + ": must be a string");
      }
      reason = field == null || field.isNull() ? null : field.asText();
    }
    if (reason != null && reason.trim().length() > MAX_REASON) {
      throw new IllegalArgumentException("field 'reason' is " + reason.trim().length() + " characters long, at most "
          + MAX_REASON);
    }
    return reason;
  }

  private Reply unknown(String name) {
    return Reply.noSuch("trigger", name, triggers);
  }
}
