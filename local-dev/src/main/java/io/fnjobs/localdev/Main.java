package io.fnjobs.localdev;

import io.fnjobs.triggers.definition.InvalidTriggerDefinitionException;
import io.fnjobs.triggers.fn.FnUnavailableException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./local-dev/up}: the embedded stack in the foreground until Ctrl-C (SIGINT) or SIGTERM. */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = "Runs the whole fnjobs system on 127.0.0.1 in one process, without Docker.")
public final class Main implements Callable<Integer> {

  @Option(names = "--repo", description = "The fnjobs checkout (functions/, infra/). Default: ${DEFAULT-VALUE}",
      defaultValue = ".")
  Path repo;

  @Option(names = "--data", description = "Data folder; kept across restarts. Default: <repo>/.fnjobs-data")
  Path data;

  @Option(names = "--notifications", negatable = true, defaultValue = "${env:FNJOBS_NOTIFICATIONS:-true}",
      fallbackValue = "true",
      description = "Whether the store sends webhook events to the trigger layer; off leaves uploads to"
          + " the blob trigger's reconciliation sweep (--no-notifications). Env: FNJOBS_NOTIFICATIONS. Default: on")
  boolean notifications;

  @Option(names = "--stop-wait", defaultValue = "${env:FNJOBS_STOP_WAIT:-PT10S}",
      description = "How long a stop may take to finish or release work in flight (ISO-8601). Default: ${DEFAULT-VALUE}")
  Duration stopWait;

  @Option(names = "--webhook-token", defaultValue = "${env:FNJOBS_WEBHOOK_TOKEN:-fnjobs-local}",
      description = "Bearer token of the store's webhook events. Env: FNJOBS_WEBHOOK_TOKEN")
  String webhookToken;

  @Option(names = "--s3-port", defaultValue = "9000", description = "Default: ${DEFAULT-VALUE}")
  int s3Port;

  @Option(names = "--sqs-port", defaultValue = "9324", description = "Default: ${DEFAULT-VALUE}")
  int sqsPort;

  @Option(names = "--fn-port", defaultValue = "8080", description = "Default: ${DEFAULT-VALUE}")
  int fnPort;

  @Option(names = "--triggers-port", defaultValue = "8081", description = "Default: ${DEFAULT-VALUE}")
  int triggersPort;

  @Option(names = "--smtp-port", defaultValue = "2525", description = "Default: ${DEFAULT-VALUE}")
  int smtpPort;

  @Option(names = "--imap-port", defaultValue = "3143", description = "Default: ${DEFAULT-VALUE}")
  int imapPort;

  @Option(names = "--fn-api-url", paramLabel = "URL",
      description = "An Fn server of yours (e.g. `fn start`) for the trigger layer to invoke; the embedded"
          + " function host is then not started. Deploy the functions there with the infra/fn/setup.sh"
          + " command this prints. Default: the embedded host on --fn-port")
  URI fnApiUrl;

  @Option(names = "--advertise-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "With --fn-api-url: the address the functions' containers use for this stack's S3 and"
          + " mail servers. 127.0.0.1 when the Fn server runs them on the host network"
          + " (FN_DOCKER_NETWORKS=host); host.docker.internal with Docker Desktop. Default: ${DEFAULT-VALUE}")
  String advertiseHost;

  public static void main(String[] args) {
    int code = new CommandLine(new Main()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    StackOptions options;
    try {
      options = StackOptions.builder()
          .repoDir(repo)
          .dataDir(data != null ? data : repo.resolve(".fnjobs-data"))
          .s3Port(s3Port).sqsPort(sqsPort).fnPort(fnPort).triggersPort(triggersPort)
          .smtpPort(smtpPort).imapPort(imapPort)
          .notifications(notifications)
          .webhookToken(webhookToken)
          .stopWait(stopWait)
          .fnApiUrl(fnApiUrl)
          .advertiseHost(advertiseHost)
          .build()
          .withFreePorts();
    } catch (IllegalArgumentException e) {
      System.err.println("fnjobs: not started: " + e.getMessage());
      return 2;
    }
    EmbeddedStack stack;
    try {
      stack = EmbeddedStack.start(options);
    } catch (InvalidTriggerDefinitionException e) {
      System.err.println("fnjobs: not started: " + e.getMessage());
      printFunctionSetup(options);
      return 2;
    } catch (FnUnavailableException e) {
      System.err.println("fnjobs: not started: " + e.getMessage());
      printFunctionSetup(options);
      return 1;
    } catch (RuntimeException e) {
      System.err.println("fnjobs: not started: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("fnjobs: stopping (up to " + options.stopWait() + " for work in flight)");
      stack.close();
      stopped.countDown();
    }, "fnjobs-stop"));
    stack.printEndpoints(System.out);
    stopped.await();
    return 0;
  }

  /**
   * With an Fn server of the user's, a start that failed on its functions (missing, or no answer) is
   * usually a server not set up yet: how to deploy them.
   */
  private static void printFunctionSetup(StackOptions options) {
    if (options.fnApiUrl().isPresent()) {
      System.err.println("fnjobs: the functions run on " + options.fnApiUrl().get()
          + "; deploy them there, pointed at this stack, with:");
      System.err.println("  " + EmbeddedStack.functionSetupCommand(options));
    }
  }
}
