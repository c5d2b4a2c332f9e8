package io.fnjobs.fnhost.store;

import io.fnjobs.fnhost.catalog.Frozen;
import java.util.Map;
import java.util.Optional;

/**
 * A body of {@code POST /v2/apps} or {@code PUT /v2/apps/{id}}, read with Fn's rules: an absent field
 * is kept as it is; a config or annotation entry whose value is {@code ""} is removed, and so is a
 * {@code syslog_url} of {@code ""}. Read-only fields (created_at, updated_at) are not part of it.
 *
 * @param id must be absent on create and, on update, the id of the path
 * @param name required on create; on update it must be the app's own name
 */
public record AppChange(
    Optional<String> id,
    Optional<String> name,
    Map<String, String> config,
    Map<String, Object> annotations,
    Optional<String> syslogUrl) {

  public AppChange {
    config = Frozen.map(config);
    annotations = Frozen.map(annotations);
  }

  /** Every field of {@code app} but its id: what creates it again. */
  static AppChange of(App app) {
    return new AppChange(Optional.empty(), Optional.of(app.name()), app.config(), app.annotations(), app.syslogUrl());
  }
}
