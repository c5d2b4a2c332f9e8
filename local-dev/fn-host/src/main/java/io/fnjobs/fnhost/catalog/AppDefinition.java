package io.fnjobs.fnhost.catalog;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The Fn app, as {@code functions/app.yaml} declares it.
 *
 * @param id stable id derived from the name (see {@link io.fnjobs.fnhost.ids.FnIds#appId})
 * @param config settings every function of the app receives as environment variables
 * @param annotations free-form annotations, reported by the API and not passed to functions
 * @param file the app.yaml it was read from
 * @param updatedAt the file's modification time, reported as created_at and updated_at
 */
public record AppDefinition(
    String id,
    String name,
    Map<String, String> config,
    Map<String, Object> annotations,
    Optional<String> syslogUrl,
    Path file,
    Instant updatedAt) {

  public AppDefinition {
    config = Frozen.map(config);
    annotations = Frozen.map(annotations);
  }
}
