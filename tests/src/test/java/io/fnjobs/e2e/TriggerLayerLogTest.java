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
    Path stdout = logs.resolve("stdout");
    Path stderr = logs.resolve("stderr");
    Layer layer = startLayer(Map.of(), stdout, stderr);
    try {
      awaitHealthy(layer, stderr);
      long afterStart = Files.size(stderr);
      Thread.sleep(IDLE.toMillis());
      long idleBytes = Files.size(stderr) - afterStart;

      String log = Files.readString(stderr, StandardCharsets.UTF_8);
      assertThat(log).as("the log").contains(" INFO  TriggerService - trigger layer on ")
          .doesNotContain(" DEBUG ").doesNotContain("\tat ").doesNotContain("412").doesNotContain("|-");
      assertThat(afterStart).as("bytes logged by the start; the log:%n%s", log).isLessThan(4_000);
      assertThat(idleBytes).as("bytes logged in %s idle; the log:%n%s", IDLE, log).isLessThan(200);
      assertThat(Files.readString(stdout)).as("stdout").isEmpty();
    } finally {
      stopLayer(layer);
    }
  }

  @Test
  void standaloneJar_shouldLogTheTriggerLayerAtDebug_butNotTheAwsSdk_whenFnjobsLogLevelIsDebug() throws Exception {
    Path stderr = logs.resolve("stderr");
    Layer layer = startLayer(Map.of("FNJOBS_LOG_LEVEL", "debug"), logs.resolve("stdout"), stderr);
    try {
      awaitHealthy(layer, stderr);

      List<String> debug = Files.readAllLines(stderr).stream().filter(line -> line.contains(" DEBUG ")).toList();
      assertThat(debug).as("DEBUG lines").isNotEmpty().noneMatch(line -> line.contains("software.amazon"));
    } finally {
      stopLayer(layer);
    }
  }

  @Test
  void standaloneJar_shouldNameAnUnknownLevelOnce_andLogAtInfo() throws Exception {
    Path stderr = logs.resolve("stderr");
    Layer layer = startLayer(Map.of("FNJOBS_LOG_LEVEL", "verbose"), logs.resolve("stdout"), stderr);
    try {
      awaitHealthy(layer, stderr);

      String log = Files.readString(stderr, StandardCharsets.UTF_8);
      assertThat(log).startsWith("fnjobs: FNJOBS_LOG_LEVEL=verbose is not a log level").doesNotContain(" DEBUG ")
          .contains(" INFO  TriggerService - trigger layer on ");
    } finally {
      stopLayer(layer);
    }
  }

  private record Layer(Process process, int port) {}

  /** The layer on a port of its own, reading the stack's services, like a second replica would. */
  private static Layer startLayer(Map<String, String> extra, Path stdout, Path stderr) throws Exception {
    assertThat(JAR).as("built by the reactor (mvn package) before this module").exists();
    int port = StackClients.freePorts(1).get(0);
    ProcessBuilder builder = new ProcessBuilder(javaBinary(), "-jar", JAR.toString())
        .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("FNJOBS_"));
    env.putAll(layerEnvironment(port));
    env.putAll(extra);
    return new Layer(builder.start(), port);
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

  /** Waits until the layer's {@code /health} answers 200: every trigger's source is connected. */
  private static void awaitHealthy(Layer layer, Path stderr) throws Exception {
    URI health = URI.create("http://127.0.0.1:" + layer.port() + "/health");
    Instant giveUp = Instant.now().plusSeconds(90);
    while (!isHealthy(health)) {
      assertThat(layer.process().isAlive()).as("the layer runs; its log:%n%s", Files.readString(stderr)).isTrue();
      assertThat(Instant.now()).as("healthy within 90 s; the log:%n%s", Files.readString(stderr)).isBefore(giveUp);
      Thread.sleep(100);
    }
  }

  private static boolean isHealthy(URI health) {
    try {
      return StackClients.get(health).status() == 200;
    } catch (RuntimeException notYet) {
      return false;
    }
  }

  private static void stopLayer(Layer layer) throws InterruptedException {
    layer.process().destroy();
    if (!layer.process().waitFor(20, TimeUnit.SECONDS)) {
      layer.process().destroyForcibly();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
