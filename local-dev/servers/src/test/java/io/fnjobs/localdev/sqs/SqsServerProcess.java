package io.fnjobs.localdev.sqs;

import io.fnjobs.localdev.Resources;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An embedded SQS in a JVM of its own, for tests that kill it. {@link #start} runs this class's
 * {@link #main} in a child JVM with the test's class path; {@link #kill} ends that JVM with SIGKILL (on
 * Linux), so the server gets no chance to flush or close anything.
 */
public final class SqsServerProcess implements AutoCloseable {

  private static final String READY = "sqs-ready ";
  private static final Duration START_WAIT = Duration.ofSeconds(60);

  private final Process process;
  private final URI uri;

  private SqsServerProcess(Process process, URI uri) {
    this.process = process;
    this.uri = uri;
  }

  /**
   * In the child: {@code <data folder> <queue>...}. Prints {@link #READY} and the URI once every queue
   * exists, then runs until it is killed or its standard input closes, so that it does not outlive a
   * test JVM that dies.
   */
  public static void main(String[] args) throws IOException {
    List<Resources.Queue> queues = Arrays.stream(args).skip(1)
        .map(name -> new Resources.Queue(name, null, null, null)).toList();
    try (EmbeddedSqs sqs = EmbeddedSqs.start(
        SqsServerOptions.builder().port(0).dataDir(Path.of(args[0])).queues(queues).build())) {
      System.out.println(READY + sqs.uri());
      System.out.flush();
      while (System.in.read() != -1) {
        // nothing to read: waiting for the end of the input
      }
    }
  }

  /** Starts a server on a free port on {@code dataDir}; its log goes to {@code log}. */
  static SqsServerProcess start(Path dataDir, List<String> queues, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        // starts sooner; the server's speed does not matter here
        "-XX:TieredStopAtLevel=1", "-Xmx256m",
        SqsServerProcess.class.getName(), dataDir.toString()));
    command.addAll(queues);
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    CompletableFuture<URI> ready = CompletableFuture.supplyAsync(() -> readyUri(process));
    try {
      return new SqsServerProcess(process, ready.get(START_WAIT.toSeconds(), TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      throw new AssertionError("the SQS server process did not start; its log:\n" + Files.readString(log), e);
    }
  }

  private static URI readyUri(Process process) {
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(READY)) {
          return URI.create(line.substring(READY.length()).trim());
        }
      }
      throw new IllegalStateException("the process ended before it was ready");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  URI uri() {
    return uri;
  }

  /** SIGKILL, and waits for the process to be gone. */
  void kill() {
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    kill();
  }
}
