package io.fnjobs.triggers.runs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fnjobs.common.failure.Failures;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.triggers.runtime.CauseCodes;

/**
 * One invocation as the trigger layer saw it: which trigger, function and event, under which
 * idempotency key and attempt, when, with which outcome, Fn status and call id; for a deferred one,
 * the retry-after the function answered (an ISO-8601 duration); for a failed, poison or rejected one,
 * why ({@code error}: code and message, as a status flag's, the function's own where it said, else
 * what the trigger layer saw: Fn's status, a timeout, Fn out of reach). {@code detail} is the same in
 * one line, {@code code: message}, or the function's word on a success. {@code job} and {@code subject}
 * name the status flag of the unit of work ({@code state/<job>/<subject>.json}), as the function's reply
 * names them, else as the event does ({@link RunSubject}); null when neither does, and in records
 * written before they were kept. {@code traceId} is the W3C trace id of the invocation's span, which the
 * function got in its {@code traceparent} header and logs beside its call id; null in records written
 * before it was kept.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunRecord(
    String trigger,
    String function,
    String eventId,
    String idempotencyKey,
    int attempt,
    String startedAt,
    String endedAt,
    Outcome outcome,
    int fnStatus,
    String fnCallId,
    String detail,
    String retryAfter,
    FlagError error,
    String job,
    String subject,
    String traceId) {

  public RunRecord(String trigger, String function, String eventId, String idempotencyKey, int attempt,
      String startedAt, String endedAt, Outcome outcome, int fnStatus, String fnCallId, String detail,
      String retryAfter, FlagError error, String job, String subject) {
    this(trigger, function, eventId, idempotencyKey, attempt, startedAt, endedAt, outcome, fnStatus, fnCallId, detail,
        retryAfter, error, job, subject, null);
  }

  public RunRecord(String trigger, String function, String eventId, String idempotencyKey, int attempt,
      String startedAt, String endedAt, Outcome outcome, int fnStatus, String fnCallId, String detail,
      String retryAfter, FlagError error) {
    this(trigger, function, eventId, idempotencyKey, attempt, startedAt, endedAt, outcome, fnStatus, fnCallId, detail,
        retryAfter, error, null, null);
  }

  public RunRecord(String trigger, String function, String eventId, String idempotencyKey, int attempt,
      String startedAt, String endedAt, Outcome outcome, int fnStatus, String fnCallId, String detail) {
    this(trigger, function, eventId, idempotencyKey, attempt, startedAt, endedAt, outcome, fnStatus, fnCallId, detail,
        null, null, null, null);
  }

  /**
   * Why the run failed (or was poison): its error, or for a record that has none (one made by hand),
   * its detail under {@link CauseCodes#FUNCTION_ERROR}.
   */
  public FlagError cause() {
    return error != null ? error : Failures.of(CauseCodes.FUNCTION_ERROR, detail == null ? "" : detail);
  }

  public RunRecord(String trigger, String function, String eventId, String idempotencyKey, int attempt,
      String startedAt, String endedAt, Outcome outcome, int fnStatus, String fnCallId, String detail,
      String retryAfter) {
    this(trigger, function, eventId, idempotencyKey, attempt, startedAt, endedAt, outcome, fnStatus, fnCallId, detail,
        retryAfter, null, null, null);
  }

  /** The same run, about the unit of work {@code about} names. */
  public RunRecord about(RunSubject about) {
    return new RunRecord(trigger, function, eventId, idempotencyKey, attempt, startedAt, endedAt, outcome, fnStatus,
        fnCallId, detail, retryAfter, error, about.job(), about.subject(), traceId);
  }

  /** The same run, in the trace {@code id} (W3C trace id, 32 hex digits) that its invocation's span belongs to. */
  public RunRecord inTrace(String id) {
    return new RunRecord(trigger, function, eventId, idempotencyKey, attempt, startedAt, endedAt, outcome, fnStatus,
        fnCallId, detail, retryAfter, error, job, subject, id);
  }

  /** How an invocation ended, for the trigger layer's next step. */
  public enum Outcome {
    /** Done; the event is settled. */
    succeeded,
    /** The function refused the event for good (bad input): settled, never retried. */
    rejected,
    /**
     * The function found the event stale (its subject had moved on: an object replaced or removed
     * since) and did nothing: settled, never retried, but not the event's work done.
     */
    skipped,
    /** Failed, may succeed later: retried with backoff, then dead-lettered. */
    failed,
    /**
     * The function found the event's input poison, for a person to look at: dead-lettered at once,
     * without a retry.
     */
    poison,
    /**
     * Fn had no capacity for the call (503, or 429): the function did not run. Tried again after the
     * trigger's backoff, without spending one of the event's attempts.
     */
    throttled,
    /**
     * Another invocation of the same event holds its idempotency key and is doing the work: tried
     * again after {@link #retryAfter()}, without spending one of the event's attempts.
     */
    deferred
  }
}
