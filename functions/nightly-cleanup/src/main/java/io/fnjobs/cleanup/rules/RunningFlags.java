package io.fnjobs.cleanup.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.cleanup.progress.BatchSink;
import io.fnjobs.cleanup.progress.Problem;
import io.fnjobs.cleanup.progress.Rule;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.StateLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Status flags as the cleanup reads them, and whether a {@code running} one is past its deadline: the
 * deadline is the hold of its idempotency record (an invocation that is still running holds its key);
 * without a record, the flag's last change plus CLEANUP_RUNNING_FLAG_TIMEOUT.
 */
final class RunningFlags {

  private final Scope scope;

  RunningFlags(Scope scope) {
    this.scope = scope;
  }

  /** The flag, or empty with a problem reported when the object is not a flag. */
  Optional<StatusFlag> parse(byte[] bytes, String where, BatchSink sink) {
    try {
      return Optional.of(Json.read(bytes, StatusFlag.class, where));
    } catch (UncheckedIOException | IllegalArgumentException | NullPointerException e) {
      sink.problem(new Problem(Rule.staleRunningFlags.name(), where, "is not a status flag (" + e.getMessage() + ")"));
      return Optional.empty();
    }
  }

  /** For each flag, whether it is running past its deadline. */
  List<Boolean> pastDeadline(List<StatusFlag> flags) {
    List<StatusFlag> running = flags.stream().filter(flag -> flag.state() == FlagState.running).toList();
    List<Optional<byte[]>> records = scope.reads().get(scope.settings().stateBucket(),
        running.stream().map(flag -> StateLayout.idempotencyRecord(flag.idempotencyKey())).toList());
    List<Boolean> past = new ArrayList<>(flags.size());
    int next = 0;
    for (StatusFlag flag : flags) {
      past.add(flag.state() == FlagState.running && pastDeadline(flag, records.get(next++)));
    }
    return past;
  }

  private boolean pastDeadline(StatusFlag flag, Optional<byte[]> record) {
    Optional<JsonNode> hold = record.flatMap(RunningFlags::tree);
    if (hold.isEmpty() || !hold.get().path("expiresAtMillis").canConvertToLong()) {
      return scope.olderThan(flag.updatedAtInstant(), scope.settings().runningFlagTimeout());
    }
    boolean completed = "COMPLETED".equals(hold.get().path("status").asText());
    return !completed && hold.get().path("expiresAtMillis").asLong() <= scope.asOf().toEpochMilli();
  }

  private static Optional<JsonNode> tree(byte[] bytes) {
    try {
      return Optional.of(Json.MAPPER.readTree(bytes));
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }
}
