package io.fnjobs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real Chromium (Debian's {@code /usr/bin/chromium}) driven by {@code playwright-core} from
 * {@code tests/browser/driver.mjs}: one JSON command a line to the node process, one JSON answer a line
 * back, so the test can act on the stack between steps while the page stays open. Installs the
 * script's npm packages ({@code npm ci}) when they are missing; fails, naming what to install, when
 * node or Chromium is missing: a browser test that cannot run is a failure, not a skip.
 */
final class Browser implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SCRIPTS = Path.of("browser").toAbsolutePath();
  private static final Duration START = Duration.ofSeconds(60);
  private static final Duration SLACK = Duration.ofSeconds(15);

  private final Process node;
  private final Writer commands;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
  private final StringBuffer errors = new StringBuffer();

  private Browser(Process node) {
    this.node = node;
    this.commands = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
    daemon("browser-answers", () -> copyLines(node.inputReader(StandardCharsets.UTF_8), answers::add));
    daemon("browser-errors", () -> copyLines(node.errorReader(StandardCharsets.UTF_8), line -> errors.append(line).append('\n')));
  }

  /** Opens Chromium on {@code base}; screenshots go to {@code screenshots}. */
  static Browser open(URI base, Path screenshots) {
    Path chromium = Path.of(System.getenv().getOrDefault("FNJOBS_CHROMIUM", "/usr/bin/chromium"));
    if (!Files.isExecutable(chromium)) {
      throw new AssertionError("the console's browser tests need Chromium at " + chromium + ": install it with"
          + " 'apt-get update && apt-get install -y chromium' (.ci/run does), or set FNJOBS_CHROMIUM to its path");
    }
    run(List.of("node", "--version"), Duration.ofSeconds(30),
        "the console's browser tests need node (18 or later) on the PATH: 'apt-get install -y nodejs npm'");
    if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
      run(List.of("npm", "ci", "--no-audit", "--no-fund"), Duration.ofMinutes(5),
          "cannot install the browser tests' packages with 'npm ci' in " + SCRIPTS + " (it needs the npm registry)");
    }
    try {
      Process node = new ProcessBuilder("node", SCRIPTS.resolve("driver.mjs").toString(), "--base", base.toString(),
          "--screenshots", screenshots.toAbsolutePath().toString(), "--chromium", chromium.toString())
          .directory(SCRIPTS.toFile()).start();
      Browser browser = new Browser(node);
      JsonNode ready = browser.answer(START, "start");
      if (!ready.path("ready").asBoolean()) {
        throw new AssertionError("the browser did not start: " + ready);
      }
      return browser;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start node for the browser tests", e);
    }
  }

  /** Sends a command ({@code do} and its fields, as pairs); its answer, or an AssertionError saying why not. */
  JsonNode send(String command, Object... fields) {
    ObjectNode json = JSON.createObjectNode().put("do", command);
    long timeout = 10_000;
    for (int i = 0; i < fields.length; i += 2) {
      json.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
      if ("timeoutMs".equals(fields[i])) {
        timeout = ((Number) fields[i + 1]).longValue();
      }
    }
    try {
      commands.write(JSON.writeValueAsString(json) + "\n");
      commands.flush();
    } catch (IOException e) {
      throw new AssertionError("the browser is gone: " + errors, e);
    }
    JsonNode answer = answer(Duration.ofMillis(timeout).plus(SLACK), json.toString());
    if (!answer.path("ok").asBoolean()) {
      throw new AssertionError("browser: " + json + " failed: " + answer.path("error").asText());
    }
    return answer;
  }

  void go(String path) {
    send("goto", "path", path);
  }

  /** Waits until an element matching {@code selector} (with {@code text}, when not null) shows; the wait in ms. */
  long waitFor(String selector, String text, Duration timeout) {
    List<Object> fields = new ArrayList<>(List.of("selector", selector, "timeoutMs", timeout.toMillis()));
    if (text != null) {
      fields.addAll(List.of("text", text));
    }
    return send("waitFor", fields.toArray()).path("ms").asLong();
  }

  long waitFor(String selector) {
    return waitFor(selector, null, Duration.ofSeconds(10));
  }

  void click(String selector) {
    send("click", "selector", selector);
  }

  /** Clicks with the button held down for {@code hold} between press and release, as a slow hand does. */
  void clickHeld(String selector, Duration hold) {
    send("click", "selector", selector, "holdMs", hold.toMillis());
  }

  void click(String selector, String text) {
    send("click", "selector", selector, "text", text);
  }

  void fill(String selector, String value) {
    send("fill", "selector", selector, "value", value);
  }

  List<String> texts(String selector) {
    List<String> texts = new ArrayList<>();
    send("texts", "selector", selector).path("texts").forEach(text -> texts.add(text.asText()));
    return texts;
  }

  int count(String selector) {
    return send("count", "selector", selector).path("count").asInt();
  }

  void screenshot(String name) {
    send("screenshot", "name", name);
  }

  /** The time of a performance mark the page set, in ms from the start of its navigation. */
  double mark(String name) {
    return send("mark", "name", name, "timeoutMs", 60_000).path("ms").asDouble();
  }

  /** The current document's requests so far, each as "path start-end ms" from the start of its navigation. */
  List<String> requests() {
    List<String> requests = new ArrayList<>();
    send("requests").path("requests").forEach(request -> requests.add(request.asText()));
    return requests;
  }

  /** The page errors, console errors and native dialogs seen since the last call. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    send("problems").path("problems").forEach(problem -> problems.add(problem.asText()));
    return problems;
  }

  private JsonNode answer(Duration timeout, String command) {
    try {
      String line = answers.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (line == null) {
        throw new AssertionError("the browser did not answer " + command + " within " + timeout + (node.isAlive() ? ""
            : " (node exited with " + node.exitValue() + ")") + "; its errors: " + errors);
      }
      return JSON.readTree(line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for the browser", e);
    } catch (IOException e) {
      throw new AssertionError("the browser answered something that is not JSON", e);
    }
  }

  /** Ends the browser; the driver's exit code must be 0 (it is 1 when the page had errors). */
  @Override
  public void close() {
    try {
      if (node.isAlive()) {
        commands.write("{\"do\":\"quit\"}\n");
        commands.flush();
        answers.poll(SLACK.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (!node.waitFor(SLACK.toSeconds(), TimeUnit.SECONDS)) {
        node.destroyForcibly();
        throw new AssertionError("the browser did not quit; its errors: " + errors);
      }
      if (node.exitValue() != 0) {
        throw new AssertionError("the browser driver exited with " + node.exitValue() + "; its errors: " + errors);
      }
    } catch (IOException | InterruptedException e) {
      node.destroyForcibly();
      throw new AssertionError("the browser did not quit cleanly", e);
    }
  }

  /** Closes the browser (when it was opened), then {@code after} whatever the browser's close threw. */
  static void closeThen(Browser browser, Runnable after) {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      after.run();
    }
  }

  private static void run(List<String> command, Duration timeout, String failure) {
    try {
      Process process = new ProcessBuilder(command).directory(SCRIPTS.toFile()).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new AssertionError(failure + ": " + String.join(" ", command) + " said: " + output.strip());
      }
    } catch (IOException e) {
      throw new AssertionError(failure + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(failure, e);
    }
  }

  private static void copyLines(BufferedReader reader, java.util.function.Consumer<String> sink) {
    try (reader) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        sink.accept(line);
      }
    } catch (IOException closed) {
      // the process ended
    }
  }

  private static void daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
  }
}
