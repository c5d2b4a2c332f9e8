package io.fnjobs.fnhost.store;

import io.fnjobs.fnhost.catalog.Frozen;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * An Fn function as the API serves it now: as its func.yaml declares it, with the host's config
 * overrides, and with what was written through the API since.
 *
 * @param image what Fn would run; the host runs the function of its functions folder named like the
 *     image (see {@link CallTarget})
 * @param memoryMb reported, and passed to the function as FN_MEMORY; the host does not cap it
 * @param timeout how long a call may run before the host answers 504
 * @param idleTimeout reported; hot containers of the host live until the function changes or the host stops
 */
public record Fn(
    String id,
    String appId,
    String name,
    String image,
    int memoryMb,
    Duration timeout,
    Duration idleTimeout,
    Map<String, String> config,
    Map<String, Object> annotations,
    Instant createdAt,
    Instant updatedAt) {

  public Fn {
    config = Frozen.map(config);
    annotations = Frozen.map(annotations);
  }
}
