package io.fnjobs.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code fnjobs}, the operator's command line: talks to a trigger layer's admin API ({@code --url},
 * else {@code FNJOBS_URL}, else {@value #DEFAULT_URL}), with {@code FNJOBS_ADMIN_TOKEN} for the
 * actions. Tables for people, {@code --json} (the API's answer as it is) for scripts.
 *
 * <p>Exit codes: 0 done, 1 refused or failed (the reason on stderr, with what to change), 2 a usage
 * error.
 */
@Command(name = "fnjobs", mixinStandardHelpOptions = true, version = "fnjobs admin CLI 0.1.0",
    description = "Operates a running fnjobs trigger layer through its admin API.",
    footer = {"", "Environment: FNJOBS_URL (the trigger layer, default " + Fnjobs.DEFAULT_URL
        + "), FNJOBS_ADMIN_TOKEN (needed for replay, redrive, run, pause and resume when the trigger layer has one).",
        "Exit codes: 0 done, 1 refused or failed, 2 usage error."},
    subcommands = {TriggersCommand.class, RunsCommand.class, FlagCommand.class, DlqCommand.class,
        TimersCommand.class, PauseCommand.class, ResumeCommand.class})
public final class Fnjobs implements Runnable {

  static final String DEFAULT_URL = "http://127.0.0.1:8081";
  /** How long a request may take, but a run waited for. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(names = "--url", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "The trigger layer's admin address. Default: FNJOBS_URL, else " + DEFAULT_URL)
  String url;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's JSON answer, for scripts.")
  boolean json;

  @Spec
  CommandSpec spec;

  private final Map<String, String> env;
  private final PrintWriter out;

  Fnjobs(Map<String, String> env, PrintWriter out) {
    this.env = env;
    this.out = out;
  }

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(run(args, System.getenv(), out, err));
  }

  /** Runs one command line; answers the exit code. */
  static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    CommandLine cli = new CommandLine(new Fnjobs(env, out));
    cli.setOut(out).setErr(err).setExecutionExceptionHandler((e, line, parsed) -> {
      if (e instanceof NoTriggerLayerException || e instanceof RefusedException) {
        err.println("fnjobs: " + e.getMessage());
        err.flush();
        return CommandLine.ExitCode.SOFTWARE;
      }
      throw e;
    });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "name a command: "
        + String.join(", ", spec.subcommands().keySet()));
  }

  /** The admin API, with the usual time limit. */
  AdminClient client() {
    return client(TIMEOUT);
  }

  /** The admin API; {@code timeout} null for none. */
  AdminClient client(Duration timeout) {
    String address = url != null ? url : env.getOrDefault("FNJOBS_URL", DEFAULT_URL);
    URI uri;
    try {
      uri = URI.create(address.trim());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--url/FNJOBS_URL '" + address + "' is not a URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
      throw new ParameterException(spec.commandLine(),
          "--url/FNJOBS_URL '" + address + "' is not an http(s) URL such as " + DEFAULT_URL);
    }
    return new AdminClient(uri, env.getOrDefault("FNJOBS_ADMIN_TOKEN", ""), timeout);
  }

  /** Prints the answer: as it is with {@code --json}, else as {@code human} writes it for people. */
  void show(JsonNode answer, Consumer<PrintWriter> human) {
    if (json) {
      printJson(answer);
    } else {
      human.accept(out);
    }
  }

  /** Prints the API's answer as it is, for {@code --json}. */
  private void printJson(JsonNode answer) {
    try {
      out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }
}
