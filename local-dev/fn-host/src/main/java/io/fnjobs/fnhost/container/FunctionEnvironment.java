package io.fnjobs.fnhost.container;

import io.fnjobs.fnhost.catalog.AppDefinition;
import io.fnjobs.fnhost.catalog.FunctionDefinition;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment Fn gives a function's container, which the FDK reads as the function's config: the
 * app's config, then the function's, then the host's overrides (e.g. endpoints on free ports), then
 * Fn's own variables.
 */
final class FunctionEnvironment {

  private FunctionEnvironment() {}

  static Map<String, String> of(AppDefinition app, FunctionDefinition function, Map<String, String> overrides) {
    Map<String, String> env = new LinkedHashMap<>(app.config());
    env.putAll(function.config());
    env.putAll(overrides);
    env.put("FN_APP_ID", app.id());
    env.put("FN_FN_ID", function.id());
    env.put("FN_APP_NAME", app.name());
    env.put("FN_FN_NAME", function.name());
    env.put("FN_MEMORY", String.valueOf(function.memoryMb()));
    env.put("FN_TYPE", "sync");
    env.put("FN_FORMAT", "http-stream");
    return Collections.unmodifiableMap(env);
  }
}
