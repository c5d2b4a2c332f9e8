package io.fnjobs.fnhost.store;

import io.fnjobs.fnhost.catalog.Frozen;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An Fn app as the API serves it now: as app.yaml declares it, with the host's config overrides, and
 * with what was written through the API since.
 *
 * @param config what every function of the app gets as config, unless its own config has the key
 * @param annotations free-form, reported by the API and not passed to functions
 * @param syslogUrl reported by the API; the host does not forward function logs to it
 */
public record App(
    String id,
    String name,
    Map<String, String> config,
    Map<String, Object> annotations,
    Optional<String> syslogUrl,
    Instant createdAt,
    Instant updatedAt) {

  public App {
    config = Frozen.map(config);
    annotations = Frozen.map(annotations);
  }
}
