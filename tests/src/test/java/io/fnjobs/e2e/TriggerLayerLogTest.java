package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trigger layer's log as the standalone jar writes it ({@code java -jar fnjobs-triggers.jar}, the
 * container image's entry point), run as a separate JVM against the embedded stack's S3, SQS and Fn API.
 */
@MostlyWaits
class TriggerLayerLogTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = REPO.resolve("triggers/target/fnjobs-triggers.jar");
  /**
   * How long the layer is watched while idle. A real process writes in real time, so this waits;
   * at DEBUG the layer wrote ~3 KB per second idle, so a few seconds tell the two apart.
   */
  private static final Duration IDLE = Duration.ofSeconds(4);

  @TempDir static Path data;
  @TempDir Path logs;
  private static EmbeddedStack stack;

  @BeforeAll
  static void start() {
    stack = EmbeddedStack.start(StackOptions.builder().repoDir(REPO).dataDir(data).allPorts(0).build());
  }

  @AfterAll
  static void stop() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  void standaloneJar_shouldLogStartAtInfoOnStderr_andStayQuietWhileIdle() throws Exception {
    try (Layer layer = Layer.startHealthy(Map.of(), logs)) {
      long afterStart = layer.stderrBytes();
      Thread.sleep(IDLE.toMillis());
      long idleBytes = layer.stderrBytes() - afterStart;

      String log = layer.stderr();
      assertThat(log).as("the log").contains(" INFO  TriggerService - trigger layer on ")
          .doesNotContain(" DEBUG ").doesNotContain("\tat ").doesNotContain("412").doesNotContain("|-");
      assertThat(afterStart).as("bytes logged by the start; the log:%n%s", log).isLessThan(4_000);
      assertThat(idleBytes).as("bytes logged in %s idle; the log:%n%s", IDLE, log).isLessThan(200);
      assertThat(layer.stdout()).as("stdout").isEmpty();
    }
  }

  @Test
  void standaloneJar_shouldLogTheTriggerLayerAtDebug_butNotTheAwsSdk_whenFnjobsLogLevelIsDebug() throws Exception {
    try (Layer layer = Layer.startHealthy(Map.of("FNJOBS_LOG_LEVEL", "debug"), logs)) {
      List<String> debug = layer.stderr().lines().filter(line -> line.contains(" DEBUG ")).toList();

      assertThat(debug).as("DEBUG lines").isNotEmpty().noneMatch(line -> line.contains("software.amazon"));
    }
  }

  @Test
  void standaloneJar_shouldNameAnUnknownLevelOnce_andLogAtInfo() throws Exception {
    try (Layer layer = Layer.startHealthy(Map.of("FNJOBS_LOG_LEVEL", "verbose"), logs)) {
      assertThat(layer.stderr()).startsWith("fnjobs: FNJOBS_LOG_LEVEL=verbose is not a log level")
          .doesNotContain(" DEBUG ").contains(" INFO  TriggerService - trigger layer on ");
    }
  }

  /** The jar as its own JVM on a port of its own, reading the stack's services like a second replica. */
  private record Layer(Process process, int port, Path stdoutFile, Path stderrFile) implements AutoCloseable {

    /** Starts the layer with the stack's settings and {@code extra} over them; returns once {@code /health} is 200. */
    static Layer startHealthy(Map<String, String> extra, Path folder) throws Exception {
      assertThat(JAR).as("built by the reactor (mvn package) before this module").exists();
      int port = StackClients.freePorts(1).get(0);
      Path stdout = folder.resolve("stdout");
      Path stderr = folder.resolve("stderr");
      ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", JAR.toString())
          .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
      Map<String, String> env = builder.environment();
      env.keySet().removeIf(name -> name.startsWith("FNJOBS_"));
      env.putAll(layerEnvironment(port));
      env.putAll(extra);
      Layer layer = new Layer(builder.start(), port, stdout, stderr);
      try {
        layer.awaitHealthy();
        return layer;
      } catch (Exception | AssertionError e) {
        layer.close();
        throw e;
      }
    }

    String stderr() throws Exception {
      return Files.readString(stderrFile, StandardCharsets.UTF_8);
    }

    long stderrBytes() throws Exception {
      return Files.size(stderrFile);
    }

    String stdout() throws Exception {
      return Files.readString(stdoutFile, StandardCharsets.UTF_8);
    }

    /** Waits until {@code /health} answers 200: every trigger's source is connected. */
    private void awaitHealthy() throws Exception {
      URI health = URI.create("http://127.0.0.1:" + port + "/health");
      Instant giveUp = Instant.now().plusSeconds(90);
      while (!isHealthy(health)) {
        assertThat(process.isAlive()).as("the layer runs; its log:%n%s", stderr()).isTrue();
        assertThat(Instant.now()).as("healthy within 90 s; the log:%n%s", stderr()).isBefore(giveUp);
        Thread.sleep(100);
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static Map<String, String> layerEnvironment(int port) {
    Map<String, String> env = new HashMap<>();
    env.put("FNJOBS_TRIGGERS_DIR", REPO.resolve("infra/triggers").toString());
    env.put("FNJOBS_FN_API_URL", stack.fnUri().toString());
    env.put("FNJOBS_S3_ENDPOINT", stack.s3Uri().toString());
    env.put("FNJOBS_S3_ACCESS_KEY", "minioadmin");
    env.put("FNJOBS_S3_SECRET_KEY", "minioadmin");
    env.put("FNJOBS_SQS_ENDPOINT", stack.sqsUri().toString());
    env.put("FNJOBS_SQS_ACCESS_KEY", "x");
    env.put("FNJOBS_SQS_SECRET_KEY", "x");
    env.put("FNJOBS_HTTP_PORT", String.valueOf(port));
    env.put("FNJOBS_STOP_WAIT", "PT2S");
    return env;
  }

  private static boolean isHealthy(URI health) {
    try {
      return StackClients.get(health).status() == 200;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
