package io.fnjobs.triggers.runs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One invocation as the trigger layer saw it: which trigger, function and event, under which
 * idempotency key and attempt, when, with which outcome, Fn status and call id.
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
    String detail) {

  /** How an invocation ended, for the trigger layer's next step. */
  public enum Outcome {
    /** Done; the event is settled. */
    succeeded,
    /** The function refused the event for good (bad input): settled, never retried. */
    rejected,
    /** Failed, may succeed later: retried with backoff, then dead-lettered. */
    failed
  }
}
