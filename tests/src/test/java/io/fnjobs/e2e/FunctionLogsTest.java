package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The functions' logs reach Fn's log collection: their stderr, in the layout of the image {@code fn
 * deploy} builds (the function's {@code target/fn/app/*}, then the FDK runtime that Fn's Java image
 * holds), not only inside the embedded host.
 */
class FunctionLogsTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final String PROVIDERS = "META-INF/services/org.slf4j.spi.SLF4JServiceProvider";
  /**
   * One class of each jar of the FDK runtime: Fn's Java image puts them in /function/runtime, beside
   * the function's /function/app. The function brings its own Jackson.
   */
  private static final List<String> FDK_RUNTIME = List.of(
      "com.fnproject.fn.runtime.EntryPoint", "com.fnproject.fn.api.RuntimeContext", "org.apache.http.HttpEntity",
      "org.apache.commons.io.IOUtils", "net.jodah.typetools.TypeResolver");

  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"thumbnail", "order-processor", "nightly-cleanup"})
  void appFolder_shouldHoldOneSlf4jProvider_andItsConfigurationForStderr(String function) throws IOException {
    List<Path> jars = appJars(function);

    List<String> providers = new ArrayList<>();
    List<String> configurations = new ArrayList<>();
    for (Path jar : jars) {
      entry(jar, PROVIDERS).ifPresent(text -> providers.add(text.strip()));
      entry(jar, "simplelogger.properties").ifPresent(configurations::add);
    }

    assertThat(providers).as("SLF4J providers in %s's target/fn/app", function)
        .containsExactly("org.slf4j.simple.SimpleServiceProvider");
    assertThat(configurations).as("simplelogger.properties in %s's target/fn/app", function).hasSize(1);
    assertThat(configurations.get(0)).contains("org.slf4j.simpleLogger.logFile=System.err",
        "org.slf4j.simpleLogger.defaultLogLevel=info", "org.slf4j.simpleLogger.log.software.amazon.awssdk=warn");
  }

  @Test
  void cleanup_shouldLogItsRunToStderr_whenRunOnTheImagesClassPath() throws Exception {
    try (EmbeddedS3 s3 = EmbeddedS3.start(S3ServerOptions.builder()
        .host("127.0.0.1").port(0).dataDir(temp.resolve("s3")).accessKey("minioadmin").secretKey("minioadmin").build())) {
      s3.createBuckets(List.of("uploads", "thumbnails", "orders", "state"));
      Path stdout = temp.resolve("stdout");
      Path stderr = temp.resolve("stderr");
      List<String> classpath = new ArrayList<>();
      classpath.add(REPO.resolve("functions/nightly-cleanup/target/fn/app").resolve("*").toString());
      classpath.addAll(fdkRuntime());
      ProcessBuilder run = new ProcessBuilder(javaBinary(), "-cp", String.join(File.pathSeparator, classpath),
          REPO.resolve("tests/src/test/resources/image/RunOnce.java").toString(),
          "io.fnjobs.cleanup.CleanupFunction::handleRequest",
          REPO.resolve("tests/src/test/resources/events/nightly-cleanup.json").toString())
          .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
      run.environment().clear();
      run.environment().putAll(Map.of(
          "FNJOBS_S3_ENDPOINT", s3.uri().toString(), "FNJOBS_S3_ACCESS_KEY", "minioadmin",
          "FNJOBS_S3_SECRET_KEY", "minioadmin", "PATH", System.getenv().getOrDefault("PATH", "")));

      Process process = run.start();
      boolean ended = process.waitFor(90, TimeUnit.SECONDS);
      process.destroyForcibly();

      String log = Files.readString(stderr, StandardCharsets.UTF_8);
      assertThat(ended).as("the run ended; its log:%n%s", log).isTrue();
      assertThat(Files.readString(stdout)).as("the reply; the log:%n%s", log).contains("\"state\":\"succeeded\"");
      assertThat(log).doesNotContain("No SLF4J providers").doesNotContain("NOP");
      assertThat(log).containsPattern("INFO CleanupJob - cleanup of 2026-11-22T02:00:00Z .*0 objects removed");
    }
  }

  private static List<Path> appJars(String function) throws IOException {
    Path app = REPO.resolve("functions").resolve(function).resolve("target/fn/app");
    assertThat(app).as("built by the reactor (mvn package) before this module").isDirectory();
    try (Stream<Path> files = Files.list(app)) {
      return files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
    }
  }

  private static Optional<String> entry(Path jar, String name) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      var entry = file.getJarEntry(name);
      if (entry == null) {
        return Optional.empty();
      }
      return Optional.of(new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  /** The jars of the FDK runtime on this test's class path, where Maven resolved them. */
  private static List<String> fdkRuntime() {
    return FDK_RUNTIME.stream().map(className -> {
      try {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
      } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
        throw new IllegalStateException("the FDK runtime is not on the test class path: " + className, e);
      }
    }).distinct().toList();
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
