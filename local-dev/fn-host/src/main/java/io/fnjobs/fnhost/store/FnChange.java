package io.fnjobs.fnhost.store;

import io.fnjobs.fnhost.catalog.Frozen;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A body of {@code POST /v2/fns} or {@code PUT /v2/fns/{id}}, read with Fn's rules: an absent field
 * is kept as it is, and a config or annotation entry whose value is {@code ""} is removed. Read-only
 * fields (created_at, updated_at) are not part of it.
 *
 * @param id must be absent on create and, on update, the id of the path
 * @param name required on create; on update it must be the function's own name
 * @param appId required on create; on update it must be the function's own app
 */
public record FnChange(
    Optional<String> id,
    Optional<String> name,
    Optional<String> appId,
    Optional<String> image,
    OptionalInt memoryMb,
    OptionalInt timeoutSeconds,
    OptionalInt idleTimeoutSeconds,
    Map<String, String> config,
    Map<String, Object> annotations) {

  public FnChange {
    config = Frozen.map(config);
    annotations = Frozen.map(annotations);
  }

  /** Every field of {@code fn} but its id: what creates it again. */
  static FnChange of(Fn fn) {
    return new FnChange(
        Optional.empty(), Optional.of(fn.name()), Optional.of(fn.appId()), Optional.of(fn.image()),
        OptionalInt.of(fn.memoryMb()), OptionalInt.of((int) fn.timeout().toSeconds()),
        OptionalInt.of((int) fn.idleTimeout().toSeconds()), fn.config(), fn.annotations());
  }
}
