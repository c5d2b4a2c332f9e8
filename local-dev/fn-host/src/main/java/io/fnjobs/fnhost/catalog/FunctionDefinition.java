package io.fnjobs.fnhost.catalog;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One function, as its {@code func.yaml} declares it, with where its build output is.
 *
 * @param id stable id derived from the app and function names
 * @param cmd the FDK entry point, {@code pkg.Class::method}
 * @param memoryMb memory in MB, reported and passed as FN_MEMORY (the host does not cap it)
 * @param timeout how long a call may run before the host answers 504 and discards the container
 * @param idleTimeout reported by the API; hot containers of the local host live until it closes
 * @param jars the build output ({@code target/fn/app/*.jar}), the function's own jar first
 * @param file the func.yaml it was read from
 */
public record FunctionDefinition(
    String id,
    String appId,
    String name,
    String version,
    String cmd,
    int memoryMb,
    Duration timeout,
    Duration idleTimeout,
    Map<String, String> config,
    Map<String, Object> annotations,
    List<Path> jars,
    Path file,
    Instant updatedAt) {

  public FunctionDefinition {
    config = Frozen.map(config);
    annotations = Frozen.map(annotations);
    jars = List.copyOf(jars);
  }

  /** The image name Fn would run, {@code name:version}; the local host runs the jars instead. */
  public String image() {
    return name + ":" + version;
  }
}
