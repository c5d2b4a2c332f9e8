package io.fnjobs.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a function answers the trigger layer: the job, the unit of work it handled (its subject), the
 * idempotency key it ran under, and the state it left that unit in.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobReply(String job, String subject, String idempotencyKey, String state, String detail) {

  /** The reply of a function that checked the event and took it on. */
  public static JobReply accepted(String job, String subject, TriggerEvent event) {
    return new JobReply(job, subject, event.idempotencyKey(), "accepted", null);
  }

  public JobReply withDetail(String newDetail) {
    return new JobReply(job, subject, idempotencyKey, state, newDetail);
  }

  /** Checks that {@code event} is of the kind {@code function} handles. */
  public static TriggerEvent expect(String function, TriggerEvent.Kind kind, TriggerEvent event) {
    if (event.kind() != kind) {
      throw new UnexpectedEventException(function, kind, event);
    }
    return event;
  }
}
