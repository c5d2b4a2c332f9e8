package io.fnjobs.fnhost.container;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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

  /** What the FDK's HTTP codec strips from version strings (its EntryPoint's {@code safeVersion}). */
  private static final Pattern UNSAFE_IN_VERSION = Pattern.compile("[^\\w ()._-]+");

  private FdkRuntime() {}

  /**
   * The headers the FDK's own HTTP codec puts on every answer, {@code Fn-Fdk-Version} (e.g. {@code
   * fdk-java/1.0.212 (jvm=OpenJDK 64-Bit Server VM, jvmv=17.0.15)}) and {@code Fn-Fdk-Runtime}, for the
   * FDK that {@code loader} runs the function with.
   */
  static Map<String, List<String>> responseHeaders(ClassLoader loader) {
    String vm = safe(System.getProperty("java.vm.name"));
    String javaVersion = safe(System.getProperty("java.version"));
    return Map.of(
        "Fn-Fdk-Version", List.of("fdk-java/" + fdkVersion(loader) + " (jvm=" + vm + ", jvmv=" + javaVersion + ")"),
        "Fn-Fdk-Runtime", List.of("java/" + vm + " " + javaVersion));
  }

  private static String fdkVersion(ClassLoader loader) {
    try {
      return String.valueOf(Class.forName("com.fnproject.fn.runtime.Version", true, loader).getField("FDK_VERSION").get(null));
    } catch (ReflectiveOperationException | LinkageError e) {
      return "unknown";
    }
  }

  private static String safe(String text) {
    return text == null ? "" : UNSAFE_IN_VERSION.matcher(text).replaceAll("");
  }

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
