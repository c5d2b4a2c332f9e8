package io.fnjobs.common.flags;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.layout.StateLayout;
import java.time.Instant;
import java.util.Objects;

/**
 * How one unit of work went, as callers read it at {@code state/<job>/<subject>.json}: e.g.
 * {@code thumbnail/images/cat.jpg.json}, {@code orders/A-1001.json}, {@code cleanup/<slot>.json}.
 * {@code result} is set once succeeded (or rejected, when the work gave details), {@code error} once
 * failed or rejected.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StatusFlag(
    String job,
    String subject,
    FlagState state,
    int attempt,
    String idempotencyKey,
    String updatedAt,
    JsonNode result,
    FlagError error) {

  public StatusFlag {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** Why a unit of work failed or was rejected: a stable code and a message for people. */
  public record FlagError(String code, String message) {}

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
   * Whether writing this flag over {@code current} moves it forward: a newer unit of work (another
   * idempotency key) written later; or, for the same key, not over a settled state, a later attempt, or
   * the same attempt in a later state.
   */
  public boolean supersedes(StatusFlag current) {
    if (!idempotencyKey.equals(current.idempotencyKey)) {
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
