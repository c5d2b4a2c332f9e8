package io.fnjobs.common.flags;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.layout.StateLayout;
import java.time.Instant;
import java.util.Objects;

/**
 * How one unit of work went, as callers read it at {@code state/<job>/<subject>.json}: e.g.
 * {@code thumbnail/images/cat.jpg.json}, {@code orders/A-1001.json}, {@code cleanup/<slot>.json}.
 * {@code result} is set once succeeded (or rejected, when the work gave details), {@code error} once
 * failed or rejected. {@code eventOrder} places the event the flag describes among the subject's
 * events (see {@link EventOrder}); absent from flags of events without one, and from flags written
 * before it was kept. {@code payloadHash} is the hash of what the idempotency key stood for, on the flags
 * {@link io.fnjobs.common.job.JobRunner} settles: a duplicate is answered from the flag alone, and one
 * with another payload under the key is still refused.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatusFlag(
    String job,
    String subject,
    FlagState state,
    int attempt,
    String idempotencyKey,
    EventOrder eventOrder,
    String updatedAt,
    JsonNode result,
    FlagError error,
    String payloadHash) {

  public StatusFlag {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(updatedAt, "updatedAt");
    eventOrder = eventOrder == null || eventOrder.isEmpty() ? null : eventOrder;
  }

  /** A flag that keeps no payload hash: it answers no duplicate by itself. */
  public StatusFlag(String job, String subject, FlagState state, int attempt, String idempotencyKey,
      EventOrder eventOrder, String updatedAt, JsonNode result, FlagError error) {
    this(job, subject, state, attempt, idempotencyKey, eventOrder, updatedAt, result, error, null);
  }

  /** A flag of an event without an order: it is compared with other keys' flags by write time. */
  public StatusFlag(String job, String subject, FlagState state, int attempt, String idempotencyKey, String updatedAt,
      JsonNode result, FlagError error) {
    this(job, subject, state, attempt, idempotencyKey, null, updatedAt, result, error, null);
  }

  /** Where the flag lives in the state bucket. */
  public String objectKey() {
    return keyOf(job, subject);
  }

  public static String keyOf(String job, String subject) {
    return StateLayout.flag(job, subject);
  }

  public Instant updatedAtInstant() {
    return Instant.parse(updatedAt);
  }

  /**
   * Whether writing this flag over {@code current} moves it forward. For another idempotency key: a
   * later event by the {@link EventOrder} (an earlier one never, however late it is written), or,
   * where the orders cannot tell, a later write. For the same key: not over a settled state, a later
   * attempt, or the same attempt in a later state; the order plays no part, since every delivery of
   * an event (its webhook, the sweep) writes under the one key.
   */
  public boolean supersedes(StatusFlag current) {
    if (!idempotencyKey.equals(current.idempotencyKey)) {
      int byEvent = eventOrder == null ? 0 : eventOrder.compareWith(current.eventOrder);
      if (byEvent != 0) {
        return byEvent > 0;
      }
      return !updatedAtInstant().isBefore(current.updatedAtInstant());
    }
    if (current.state.settled()) {
      return false;
    }
    if (attempt != current.attempt) {
      return attempt > current.attempt;
    }
    return state.compareTo(current.state) >= 0;
  }
}
