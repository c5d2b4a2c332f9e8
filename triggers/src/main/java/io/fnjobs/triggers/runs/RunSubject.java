package io.fnjobs.triggers.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.json.Json;
import java.io.IOException;

/**
 * The unit of work a run was about: the job and subject of its status flag. The function's reply
 * names both ({@code JobReply}); where there is no reply (the function failed, Fn could not be
 * reached) the event names the subject of a blob change (the object's key) and of a timer slot (the
 * slot), and nothing of a queue message, whose subject only the function reads from the body.
 *
 * @param job the flag's job, or null when no reply named it
 * @param subject the flag's subject, or null when neither reply nor event names it
 */
public record RunSubject(String job, String subject) {

  /** What the event alone tells. */
  public static RunSubject of(TriggerEvent event) {
    String subject = switch (event.kind()) {
      case blob -> event.blob().key();
      case timer -> event.timer().slot();
      case queue -> null;
    };
    return new RunSubject(null, subject);
  }

  /** What the function's reply tells, else what the event does. */
  public static RunSubject of(TriggerEvent event, byte[] reply) {
    RunSubject fromEvent = of(event);
    JsonNode json;
    try {
      json = reply == null || reply.length == 0 ? null : Json.MAPPER.readTree(reply);
    } catch (IOException notJson) {
      return fromEvent;
    }
    if (json == null || !json.isObject()) {
      return fromEvent;
    }
    String job = text(json, "job");
    String subject = text(json, "subject");
    return new RunSubject(job, subject != null ? subject : fromEvent.subject());
  }

  private static String text(JsonNode reply, String field) {
    JsonNode value = reply.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }
}
