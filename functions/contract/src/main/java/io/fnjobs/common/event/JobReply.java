package io.fnjobs.common.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.failure.Failures;
import io.fnjobs.common.failure.FlagError;
import java.time.Duration;

/**
 * What a function answers the trigger layer: the job, the unit of work it handled (its subject), the
 * idempotency key it ran under, the state it left that unit in ({@code rejected} tells the trigger
 * layer not to retry, {@code failed} to retry, {@code poison} to dead-letter the event at once,
 * {@code deferred} to try again after {@code retryAfter}, {@code skipped} that the event was stale),
 * and the result.
 *
 * <p>{@code error} (code and message, as the status flag's) says why, on {@code failed},
 * {@code poison} and {@code rejected} replies. A function answers a failure it caught with a 200 and
 * such a reply, rather than an error status: a real Fn server answers a function error with
 * {@code {"message":"function failed"}} and nothing else, so the cause would reach nobody.
 *
 * <p>{@code retryAfter} is an ISO-8601 duration (e.g. {@code PT42.5S}), set on {@code deferred}
 * replies only: a string, so that the FDK's own JSON mapper, which has no java.time support, writes it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobReply(
    String job, String subject, String idempotencyKey, String state, String detail, JsonNode result,
    String retryAfter, FlagError error) {

  /** The state of a reply whose work is done (the flag's {@code succeeded}). */
  public static final String SUCCEEDED = "succeeded";

  /**
   * The state of a reply whose input was refused for good (the flag's {@code rejected}): the trigger
   * layer does not try it again, and keeps {@code error} as the reason.
   */
  public static final String REJECTED = "rejected";

  /** The state of a reply of a function that checked the event and took it on, to finish later. */
  public static final String ACCEPTED = "accepted";

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

  /** The state of a reply whose work failed, and may succeed when tried again: the trigger layer retries it. */
  public static final String FAILED = "failed";

  /**
   * The state of a reply whose input a person must look at ({@link io.fnjobs.common.job.PoisonException}):
   * the trigger layer dead-letters the event at once, with {@code error} as the reason.
   */
  public static final String POISON = "poison";

  public JobReply(String job, String subject, String idempotencyKey, String state, String detail, JsonNode result,
      String retryAfter) {
    this(job, subject, idempotencyKey, state, detail, result, retryAfter, null);
  }

  public JobReply(String job, String subject, String idempotencyKey, String state, String detail, JsonNode result) {
    this(job, subject, idempotencyKey, state, detail, result, null, null);
  }

  public JobReply(String job, String subject, String idempotencyKey, String state, String detail) {
    this(job, subject, idempotencyKey, state, detail, null, null, null);
  }

  /** The reply of a function that checked the event and took it on. */
  public static JobReply accepted(String job, String subject, TriggerEvent event) {
    return new JobReply(job, subject, event.idempotencyKey(), ACCEPTED, null);
  }

  /** The reply to a duplicate that found its idempotency key held by another invocation: try again later. */
  public static JobReply deferred(String job, String subject, String idempotencyKey, Duration retryAfter, String why) {
    return new JobReply(job, subject, idempotencyKey, DEFERRED, why, null, retryAfter.toString(), null);
  }

  /** The reply of work that failed for {@code why}: the trigger layer retries it. */
  public static JobReply failed(String job, String subject, String idempotencyKey, FlagError why) {
    return new JobReply(job, subject, idempotencyKey, FAILED, Failures.text(why), null, null, why);
  }

  /** The reply of work whose input a person must look at, for {@code why}: the trigger layer dead-letters it. */
  public static JobReply poison(String job, String subject, String idempotencyKey, FlagError why) {
    return new JobReply(job, subject, idempotencyKey, POISON, Failures.text(why), null, null, why);
  }

  public JobReply withDetail(String newDetail) {
    return new JobReply(job, subject, idempotencyKey, state, newDetail, result, retryAfter, error);
  }

  /**
   * {@code event} as the type of event {@code function} handles (a {@link BlobEvent}, {@link QueueEvent}
   * or {@link TimerEvent}).
   *
   * @throws UnexpectedEventException when the event is of another kind: the function's trigger is bound wrongly
   */
  public static <E extends TriggerEvent> E expect(String function, Class<E> type, TriggerEvent event) {
    if (!type.isInstance(event)) {
      throw new UnexpectedEventException(function, TriggerEvent.Kind.ofEvents(type), event);
    }
    return type.cast(event);
  }
}
