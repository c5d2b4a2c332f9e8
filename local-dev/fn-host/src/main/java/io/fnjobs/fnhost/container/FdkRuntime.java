package io.fnjobs.fnhost.container;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the FDK runtime and its dependencies are on the host's class path. Fn's Java image provides
 * them to every function, so a function's build output leaves them out; the local host adds them to
 * each function's class loader after the function's own jars.
 */
final class FdkRuntime {

  /** One class of each jar the FDK runtime needs, with the artifact to add when it is missing. */
  private static final Map<String, String> MARKERS =
      Map.of(
          "com.fnproject.fn.runtime.EntryPoint", "com.fnproject.fn:runtime",
          "com.fnproject.fn.api.RuntimeContext", "com.fnproject.fn:api",
          "com.fasterxml.jackson.databind.ObjectMapper", "com.fasterxml.jackson.core:jackson-databind",
          "com.fasterxml.jackson.core.JsonFactory", "com.fasterxml.jackson.core:jackson-core",
          "com.fasterxml.jackson.annotation.JsonProperty", "com.fasterxml.jackson.core:jackson-annotations",
          "org.apache.http.HttpEntity", "org.apache.httpcomponents:httpcore",
          "org.apache.commons.io.IOUtils", "commons-io:commons-io",
          "net.jodah.typetools.TypeResolver", "net.jodah:typetools");

  private FdkRuntime() {}

  /** The jars (or class folders) that hold the FDK runtime, found through {@code host}. */
  static List<URL> locate(ClassLoader host) {
    List<URL> classpath = new ArrayList<>();
    MARKERS.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            marker -> {
              URL location = locationOf(host, marker.getKey(), marker.getValue());
              if (!classpath.contains(location)) {
                classpath.add(location);
              }
            });
    return List.copyOf(classpath);
  }

  private static URL locationOf(ClassLoader host, String className, String artifact) {
    try {
      CodeSource source = Class.forName(className, false, host).getProtectionDomain().getCodeSource();
      if (source == null || source.getLocation() == null) {
        throw new FdkRuntimeNotFoundException(className, artifact, "it has no jar location");
      }
      return source.getLocation();
    } catch (ClassNotFoundException e) {
      throw new FdkRuntimeNotFoundException(className, artifact, "it is not on the class path");
    }
  }
}
