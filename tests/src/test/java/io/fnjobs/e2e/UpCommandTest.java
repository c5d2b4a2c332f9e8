package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack as the run command starts it: a separate JVM from the built jar, stopped by a signal as
 * Ctrl-C or a service manager would.
 */
class UpCommandTest {

  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Path JAR = REPO.resolve("local-dev/target/fnjobs-local-dev.jar");

  @TempDir Path data;

  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM"})
  void signal_shouldStopTheStackWithinItsStopWait_andFreeEveryPort(String signal) throws Exception {
    assertThat(JAR).as("built by the reactor before this module").exists();
    List<Integer> ports = StackClients.freePorts(6);
    Process up = new ProcessBuilder(List.of(
            javaBinary(), "-jar", JAR.toString(), "--repo", REPO.toString(), "--data", data.toString(),
            "--stop-wait", "PT5S",
            "--s3-port", ports.get(0).toString(), "--sqs-port", ports.get(1).toString(),
            "--fn-port", ports.get(2).toString(), "--triggers-port", ports.get(3).toString(),
            "--smtp-port", ports.get(4).toString(), "--imap-port", ports.get(5).toString()))
        .redirectError(data.resolve("stderr.log").toFile())
        .start();
    try {
      List<String> lines = readUntilReady(up);
      assertThat(lines).hasSize(6).last().isEqualTo("ready");
      assertThat(ports).noneMatch(StackClients::isFree);

      long started = System.nanoTime();
      new ProcessBuilder("kill", "-" + signal, Long.toString(up.pid())).start().waitFor();

      assertThat(up.waitFor(20, TimeUnit.SECONDS)).as("stopped within its stop wait").isTrue();
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)).isLessThan(15);
      assertThat(ports).allMatch(StackClients::isFree);
      assertThat(Files.readString(data.resolve("stderr.log"))).contains("fnjobs: stopping");
    } finally {
      up.destroyForcibly();
    }
  }

  private static List<String> readUntilReady(Process up) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<List<String>> ready = CompletableFuture.supplyAsync(() -> {
      List<String> lines = new ArrayList<>();
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
          if (line.equals("ready")) {
            return lines;
          }
        }
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      throw new IllegalStateException("the stack exited before 'ready'; printed: " + lines);
    });
    return ready.get(120, TimeUnit.SECONDS);
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
