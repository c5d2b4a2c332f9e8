package io.fnjobs.triggers.runs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One invocation as the trigger layer saw it: which trigger, function and event, under which
 * idempotency key and attempt, when, with which outcome, Fn status and call id; for a deferred one,
 * the retry-after the function answered (an ISO-8601 duration). {@code job} and {@code subject} name
 * the status flag of the unit of work ({@code state/<job>/<subject>.json}), as the function's reply
 * names them, else as the event does ({@link RunSubject}); null when neither does, and in records
 * written before they were kept.
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
    String job,
    String subject) {

  public RunRecord(String trigger, String function, String eventId, String idempotencyKey, int attempt,
      String startedAt, String endedAt, Outcome outcome, int fnStatus, String fnCallId, String detail) {
    this(trigger, function, eventId, idempotencyKey, attempt, startedAt, endedAt, outcome, fnStatus, fnCallId, detail,
        null);
  }

  public RunRecord(String trigger, String function, String eventId, String idempotencyKey, int attempt,
      String startedAt, String endedAt, Outcome outcome, int fnStatus, String fnCallId, String detail,
      String retryAfter) {
    this(trigger, function, eventId, idempotencyKey, attempt, startedAt, endedAt, outcome, fnStatus, fnCallId, detail,
        retryAfter, null, null);
  }

  /** The same run, about the unit of work {@code about} names. */
  public RunRecord about(RunSubject about) {
    return new RunRecord(trigger, function, eventId, idempotencyKey, attempt, startedAt, endedAt, outcome, fnStatus,
        fnCallId, detail, retryAfter, about.job(), about.subject());
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
     * Another invocation of the same event holds its idempotency key and is doing the work: tried
     * again after {@link #retryAfter()}, without spending one of the event's attempts.
     */
    deferred
  }
}
