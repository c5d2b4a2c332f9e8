package io.fnjobs.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/**
 * What a function answers the trigger layer: the job, the unit of work it handled (its subject), the
 * idempotency key it ran under, the state it left that unit in ({@code rejected} tells the trigger
 * layer not to retry, {@code deferred} to try again after {@code retryAfter}, {@code skipped} that
 * the event was stale), and the result.
 *
 * <p>{@code retryAfter} is an ISO-8601 duration (e.g. {@code PT42.5S}), set on {@code deferred}
 * replies only: a string, so that the FDK's own JSON mapper, which has no java.time support, writes it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobReply(
    String job, String subject, String idempotencyKey, String state, String detail, JsonNode result,
    String retryAfter) {

  /**
   * The state of a reply to a duplicate whose work another invocation is doing now: nothing ran, no
   * flag moved; the trigger layer tries the event again after {@code retryAfter}, without counting it
   * as a failed attempt.
   */
  public static final String DEFERRED = "deferred";

  /**
   * The state of a reply to an event older than its subject: the subject has moved on since (an
   * object replaced by other content, or removed), so nothing ran and no flag moved. Not a failure,
   * and not the event's work done either: the trigger layer keeps no record that the event's version
   * was processed.
   */
  public static final String SKIPPED = "skipped";

  public JobReply(String job, String subject, String idempotencyKey, String state, String detail, JsonNode result) {
    this(job, subject, idempotencyKey, state, detail, result, null);
  }

  public JobReply(String job, String subject, String idempotencyKey, String state, String detail) {
    this(job, subject, idempotencyKey, state, detail, null, null);
  }

  /** The reply of a function that checked the event and took it on. */
  public static JobReply accepted(String job, String subject, TriggerEvent event) {
    return new JobReply(job, subject, event.idempotencyKey(), "accepted", null);
  }

  /** The reply to a duplicate that found its idempotency key held by another invocation: try again later. */
  public static JobReply deferred(String job, String subject, String idempotencyKey, Duration retryAfter, String why) {
    return new JobReply(job, subject, idempotencyKey, DEFERRED, why, null, retryAfter.toString());
  }

  public JobReply withDetail(String newDetail) {
    return new JobReply(job, subject, idempotencyKey, state, newDetail, result, retryAfter);
  }

  /** Checks that {@code event} is of the kind {@code function} handles. */
  public static TriggerEvent expect(String function, TriggerEvent.Kind kind, TriggerEvent event) {
    if (event.kind() != kind) {
      throw new UnexpectedEventException(function, kind, event);
    }
    return event;
  }
}
