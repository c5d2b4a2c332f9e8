package io.fnjobs.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a function answers the trigger layer: the job, the unit of work it handled (its subject), the
 * idempotency key it ran under, the state it left that unit in ({@code rejected} tells the trigger
 * layer not to retry), and the result.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobReply(
    String job, String subject, String idempotencyKey, String state, String detail, JsonNode result) {

  public JobReply(String job, String subject, String idempotencyKey, String state, String detail) {
    this(job, subject, idempotencyKey, state, detail, null);
  }

  /** The reply of a function that checked the event and took it on. */
  public static JobReply accepted(String job, String subject, TriggerEvent event) {
    return new JobReply(job, subject, event.idempotencyKey(), "accepted", null);
  }

  public JobReply withDetail(String newDetail) {
    return new JobReply(job, subject, idempotencyKey, state, newDetail, result);
  }

  /** Checks that {@code event} is of the kind {@code function} handles. */
  public static TriggerEvent expect(String function, TriggerEvent.Kind kind, TriggerEvent event) {
    if (event.kind() != kind) {
      throw new UnexpectedEventException(function, kind, event);
    }
    return event;
  }
}
