package io.fnjobs.common.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fnjobs.common.json.Json;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Runs work once per idempotency key: derive the key, then {@code run(key, payload, deadline, type,
 * work)}. A duplicate gets the stored result back without the work running again; a failure gives the
 * key up so that a retry may run.
 */
public final class Idempotent {

  private final IdempotencyStore store;

  public Idempotent(IdempotencyStore store) {
    this.store = store;
  }

  /**
   * @param payload what the key stands for; a different payload under the same key is refused
   * @param deadline until when this invocation may hold the key
   * @throws PayloadMismatchException when the key came with another payload before; the work did not run
   * @throws InProgressElsewhereException when another invocation holds the key; retry later
   */
  public <R> R run(String key, Object payload, Instant deadline, Class<R> resultType, Supplier<R> work) {
    Begin begin = store.begin(key, Json.hash(payload), deadline);
    if (begin instanceof Begin.AlreadyCompleted completed) {
      return stored(key, completed, resultType);
    }
    if (begin instanceof Begin.InProgress inProgress) {
      throw new InProgressElsewhereException(key, inProgress.retryAfter());
    }
    Begin.Lease lease = ((Begin.Proceed) begin).lease();
    R result;
    try {
      result = work.get();
    } catch (RuntimeException | Error e) {
      store.release(lease);
      throw e;
    }
    store.complete(lease, Json.tree(result));
    return result;
  }

  private static <R> R stored(String key, Begin.AlreadyCompleted completed, Class<R> resultType) {
    try {
      return Json.MAPPER.treeToValue(completed.result(), resultType);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the stored result of idempotency key '" + key + "' is not a "
          + resultType.getSimpleName() + ": " + e.getOriginalMessage(), e);
    }
  }
}
