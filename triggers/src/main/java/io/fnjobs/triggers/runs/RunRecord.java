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

  /** A record to build: what the trigger layer knows of the invocation, named as it is set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A record to build from this one, to change some of what it says. */
  public Builder toBuilder() {
    return new Builder().trigger(trigger).function(function).event(eventId, idempotencyKey).attempt(attempt)
        .between(startedAt, endedAt).outcome(outcome).fnCall(fnStatus, fnCallId).detail(detail).retryAfter(retryAfter)
        .error(error).about(job, subject).traceId(traceId);
  }

  /**
   * Why the run failed (or was poison): its error, or for a record that has none (one made by hand),
   * its detail under {@link CauseCodes#FUNCTION_ERROR}.
   */
  public FlagError cause() {
    return error != null ? error : Failures.of(CauseCodes.FUNCTION_ERROR, detail == null ? "" : detail);
  }

  /** The same run, about the unit of work {@code about} names. */
  public RunRecord about(RunSubject about) {
    return toBuilder().about(about.job(), about.subject()).build();
  }

  /** The same run, in the trace {@code id} (W3C trace id, 32 hex digits) that its invocation's span belongs to. */
  public RunRecord inTrace(String id) {
    return toBuilder().traceId(id).build();
  }

  /** Builds a {@link RunRecord}; what is not set stays null (0 for the attempt and Fn status). */
  public static final class Builder {

    private String trigger;
    private String function;
    private String eventId;
    private String idempotencyKey;
    private int attempt;
    private String startedAt;
    private String endedAt;
    private Outcome outcome;
    private int fnStatus;
    private String fnCallId;
    private String detail;
    private String retryAfter;
    private FlagError error;
    private String job;
    private String subject;
    private String traceId;

    private Builder() {}

    public Builder trigger(String trigger) {
      this.trigger = trigger;
      return this;
    }

    public Builder function(String function) {
      this.function = function;
      return this;
    }

    /** The event invoked, by its id and its idempotency key. */
    public Builder event(String eventId, String idempotencyKey) {
      this.eventId = eventId;
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    public Builder attempt(int attempt) {
      this.attempt = attempt;
      return this;
    }

    /** When the invocation started and ended (ISO-8601 instants). */
    public Builder between(String startedAt, String endedAt) {
      this.startedAt = startedAt;
      this.endedAt = endedAt;
      return this;
    }

    public Builder outcome(Outcome outcome) {
      this.outcome = outcome;
      return this;
    }

    /** Fn's HTTP status and its call id. */
    public Builder fnCall(int fnStatus, String fnCallId) {
      this.fnStatus = fnStatus;
      this.fnCallId = fnCallId;
      return this;
    }

    public Builder detail(String detail) {
      this.detail = detail;
      return this;
    }

    /** For a deferred run: how long until the next try, as the function answered (ISO-8601 duration). */
    public Builder retryAfter(String retryAfter) {
      this.retryAfter = retryAfter;
      return this;
    }

    public Builder error(FlagError error) {
      this.error = error;
      return this;
    }

    /** The status flag of the unit of work: its job and subject. */
    public Builder about(String job, String subject) {
      this.job = job;
      this.subject = subject;
      return this;
    }

    public Builder traceId(String traceId) {
      this.traceId = traceId;
      return this;
    }

    public RunRecord build() {
      return new RunRecord(trigger, function, eventId, idempotencyKey, attempt, startedAt, endedAt, outcome, fnStatus,
          fnCallId, detail, retryAfter, error, job, subject, traceId);
    }
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
