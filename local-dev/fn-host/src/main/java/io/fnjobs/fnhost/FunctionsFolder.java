package io.fnjobs.fnhost;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes a functions folder for functions compiled on the caller's class path, laid out as {@code fn
 * deploy --all} and the host expect it: app.yaml, and per function a func.yaml and the build output
 * {@code target/fn/app/<name>.jar}, holding every class of the function class's package (copied from
 * the compiled classes, a folder or a jar). For tests, benchmarks and tools; a repository's own
 * functions are built by Maven instead.
 */
public final class FunctionsFolder {

  private final Path dir;

  private FunctionsFolder(Path dir) {
    this.dir = dir;
  }

  /** A folder with an app.yaml for {@code appName} with {@code config}. */
  public static FunctionsFolder create(Path dir, String appName, Map<String, String> config) {
    FunctionsFolder folder = new FunctionsFolder(dir);
    folder.write("app.yaml", "name: " + appName + "\n" + yamlMap("config", config));
    return folder;
  }

  public Path dir() {
    return dir;
  }

  /** Adds a function whose cmd is {@code functionClass::handleRequest}. */
  public FunctionsFolder function(String name, Class<?> functionClass, int timeoutSeconds, Map<String, String> config) {
    write(
        name + "/func.yaml",
        "schema_version: 20180708\n"
            + "name: " + name + "\n"
            + "version: 0.0.1\n"
            + "runtime: java\n"
            + "cmd: " + functionClass.getName() + "::handleRequest\n"
            + "memory: 128\n"
            + "timeout: " + timeoutSeconds + "\n"
            + yamlMap("config", config));
    packageJar(name, functionClass);
    return this;
  }

  /** Writes {@code content} to {@code relativePath}, creating folders. */
  public FunctionsFolder write(String relativePath, String content) {
    try {
      Path file = dir.resolve(relativePath);
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Packages the classes of {@code functionClass}'s package as the function's build output. */
  public FunctionsFolder packageJar(String name, Class<?> functionClass) {
    Path jar = dir.resolve(name).resolve("target/fn/app").resolve(name + ".jar");
    String prefix = functionClass.getPackageName().replace('.', '/') + "/";
    try {
      Files.createDirectories(jar.getParent());
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
        Path source = Path.of(functionClass.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(source)) {
          copyFromFolder(source, prefix, out);
        } else {
          copyFromJar(source, prefix, out);
        }
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copyFromFolder(Path classes, String prefix, JarOutputStream out) throws IOException {
    try (Stream<Path> files = Files.list(classes.resolve(prefix))) {
      for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          copyEntry(prefix + file.getFileName(), in, out);
        }
      }
    }
  }

  private static void copyFromJar(Path source, String prefix, JarOutputStream out) throws IOException {
    try (JarFile jar = new JarFile(source.toFile())) {
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith(prefix) && name.endsWith(".class") && name.indexOf('/', prefix.length()) < 0) {
          try (InputStream in = jar.getInputStream(entry)) {
            copyEntry(name, in, out);
          }
        }
      }
    }
  }

  private static void copyEntry(String name, InputStream in, JarOutputStream jar) throws IOException {
    jar.putNextEntry(new JarEntry(name));
    in.transferTo(jar);
    jar.closeEntry();
  }

  private static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String yamlMap(String field, Map<String, String> values) {
    if (values.isEmpty()) {
      return "";
    }
    return field + ":\n"
        + values.entrySet().stream()
            .map(entry -> "  " + entry.getKey() + ": " + quoted(entry.getValue()) + "\n")
            .collect(Collectors.joining());
  }
}
