package io.fnjobs.triggers.blob;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.json.Json;

/**
 * A change whose invocations all failed, or whose function found it poison, kept at
 * {@code dead-letters/<trigger>/<id>.json} in the state bucket until it is replayed: the change, how
 * many attempts were made and the last error, as a line ({@code lastError}: {@code code: message}) and
 * as the status flag's error ({@code error}: code and message). The id derives from the idempotency
 * key, so the same change dead-lettered again replaces its record.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeadLetter(
    String id,
    String trigger,
    String function,
    String eventId,
    String idempotencyKey,
    ObjectChange change,
    int attempts,
    String lastError,
    String firstAttemptAt,
    String deadLetteredAt,
    FlagError error) {

  public DeadLetter(String id, String trigger, String function, String eventId, String idempotencyKey,
      ObjectChange change, int attempts, String lastError, String firstAttemptAt, String deadLetteredAt) {
    this(id, trigger, function, eventId, idempotencyKey, change, attempts, lastError, firstAttemptAt, deadLetteredAt,
        null);
  }

  /** The id of a change's dead letter: URL-safe, and the same for every dead-lettering of the change. */
  public static String idOf(ObjectChange change) {
    return Json.sha256(change.idempotencyKey()).substring(0, 32);
  }
}
