package io.fnjobs.fnhost.container;

import io.fnjobs.fnhost.catalog.AppDefinition;
import io.fnjobs.fnhost.catalog.FunctionDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the hot containers of one function run: the code (the FDK entry point and the jars), the
 * environment the FDK reads as the function's config, and the call timeout. A container started for
 * one spec serves only calls of an equal spec: when a function's spec changes, its containers are
 * retired and the next call starts a new one.
 *
 * @param appName for logs
 * @param fnName for logs and container names
 * @param cmd the FDK entry point, {@code pkg.Class::method}
 * @param jars the function's build output, its own jar first; the FDK runtime is added after them
 * @param env the app's config, then the function's, then Fn's own variables (FN_APP_ID...)
 */
public record FunctionSpec(
    String appName, String fnId, String fnName, String cmd, List<Path> jars, Duration timeout, Map<String, String> env) {

  public FunctionSpec {
    jars = List.copyOf(jars);
    env = Map.copyOf(env);
  }

  /** The spec of a function as its folder declares it, with its app's config from app.yaml. */
  public static FunctionSpec of(AppDefinition app, FunctionDefinition function) {
    return new FunctionSpec(
        app.name(), function.id(), function.name(), function.cmd(), function.jars(), function.timeout(),
        FunctionEnvironment.of(
            app.id(), app.name(), app.config(), function.id(), function.name(), function.config(), function.memoryMb()));
  }
}
