package io.fnjobs.cleanup.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.cleanup.progress.BatchSink;
import io.fnjobs.cleanup.progress.Op;
import io.fnjobs.cleanup.progress.Problem;
import io.fnjobs.cleanup.progress.Rule;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.StateLayout;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Idempotency records past their {@code expiresAtMillis} go: completed ones whose retention is over
 * (a duplicate after that would run again, as designed), and holds of invocations that ended without
 * completing or releasing.
 */
final class IdempotencyPhase extends ListingPhase {

  IdempotencyPhase(Scope scope) {
    super(scope);
  }

  @Override
  public String name() {
    return "idempotency";
  }

  @Override
  List<Step> steps() {
    return List.of(new Step(scope.settings().stateBucket(), StateLayout.IDEMPOTENCY));
  }

  @Override
  List<Op> decide(Step step, List<S3Object> page, BatchSink sink) {
    List<Optional<byte[]>> records = scope.reads().get(step.bucket(), page.stream().map(S3Object::key).toList());
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < page.size(); i++) {
      S3Object object = page.get(i);
      records.get(i).flatMap(bytes -> expiresAt(bytes, step.bucket() + "/" + object.key(), sink))
          .filter(expires -> expires <= scope.asOf().toEpochMilli())
          .ifPresent(expired -> ops.add(Op.delete(Rule.expiredIdempotencyRecords, step.bucket(), object.key(), object.size())));
    }
    return ops;
  }

  /** The record's expiresAtMillis; empty (and a problem reported) when it has none. */
  static Optional<Long> expiresAt(byte[] bytes, String where, BatchSink sink) {
    try {
      JsonNode expires = Json.MAPPER.readTree(bytes).path("expiresAtMillis");
      if (expires.canConvertToLong()) {
        return Optional.of(expires.asLong());
      }
      sink.problem(new Problem(Rule.expiredIdempotencyRecords.name(), where, "has no expiresAtMillis: left in place"));
    } catch (IOException e) {
      sink.problem(new Problem(Rule.expiredIdempotencyRecords.name(), where, "is not JSON (" + e.getMessage() + "): left in place"));
    }
    return Optional.empty();
  }
}
