package io.fnjobs.localdev;

import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.fnhost.FnHost;
import io.fnjobs.fnhost.FnHostOptions;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.MinioWebhookSender;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.localdev.s3.StoreEventSink;
import io.fnjobs.localdev.smtp.MailServerOptions;
import io.fnjobs.localdev.sqs.EmbeddedSqs;
import io.fnjobs.localdev.sqs.SqsServerOptions;
import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.blob.BlobTriggerModule;
import io.fnjobs.triggers.definition.TriggerDefinitionLoader;
import io.fnjobs.triggers.runtime.TriggerModules;
import io.fnjobs.triggers.runtime.TriggerService;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The whole system in one process: S3 store, SQS queue, mail server, function host and trigger layer,
 * on loopback. Definitions are checked before anything opens a port; a failure part-way closes what was
 * started, so nothing is left listening. With {@link StackOptions#fnApiUrl()} the trigger layer invokes
 * that Fn server instead, and the function host is not started.
 */
public final class EmbeddedStack implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);
  /** Environment variables with this prefix set function config: FNJOBS_FN_CONFIG_CLEANUP_DRY_RUN=true. */
  public static final String FUNCTION_CONFIG_PREFIX = "FNJOBS_FN_CONFIG_";

  private final StackOptions options;
  private final Deque<AutoCloseable> started;
  private final Resources resources;
  private final URI s3Uri;
  private final URI sqsUri;
  private final URI fnUri;
  private final TriggerService triggers;
  private final SwitchableMail mail;

  private EmbeddedStack(
      StackOptions options, Deque<AutoCloseable> started, Resources resources, URI s3Uri, URI sqsUri,
      URI fnUri, TriggerService triggers, SwitchableMail mail) {
    this.options = options;
    this.started = started;
    this.resources = resources;
    this.s3Uri = s3Uri;
    this.sqsUri = sqsUri;
    this.fnUri = fnUri;
    this.triggers = triggers;
    this.mail = mail;
  }

  /**
   * Starts the stack and waits until every trigger source is connected.
   *
   * @throws io.fnjobs.triggers.definition.InvalidTriggerDefinitionException for a bad trigger file;
   *     nothing has been started then
   */
  public static EmbeddedStack start(StackOptions requested) {
    StackOptions options = requested.withFreePorts();
    Map<String, String> environment = options.environment();
    new TriggerDefinitionLoader(environment, TriggerModules.installed().all()).load(triggersDir(options));
    Resources resources = Resources.read(options.repoDir().resolve("infra/resources.yaml"));
    Deque<AutoCloseable> started = new ArrayDeque<>();
    // ElasticMQ takes the longest to start: it starts beside the others instead of after them
    CompletableFuture<EmbeddedSqs> sqsStart = CompletableFuture.supplyAsync(
        () -> EmbeddedSqs.start(SqsServerOptions.builder()
            .host(options.host()).port(options.sqsPort()).dataDir(options.dataDir().resolve("sqs"))
            .queues(resources.queues()).build()),
        EmbeddedStack::startOnOwnThread);
    // closed last, whether the stack stops or a later part fails to start
    started.push(() -> closeOnceStarted(sqsStart));
    try {
      URI triggersUri = URI.create("http://" + options.host() + ":" + options.triggersPort());
      StoreEventSink sink = StoreEventSink.NONE;
      if (options.notifications()) {
        MinioWebhookSender sender = MinioWebhookSender.builder(triggersUri.resolve("/events/minio"), options.webhookToken())
            .principalId(options.accessKey())
            .originEndpoint("http://" + options.host() + ":" + options.s3Port())
            .build();
        started.push(sender);
        sink = sender.filtered(event -> resources.notifications().stream()
            .anyMatch(notification -> notification.covers(event.bucket(), event.key())));
      }
      EmbeddedS3 s3 = EmbeddedS3.start(S3ServerOptions.builder()
          .host(options.host()).port(options.s3Port()).dataDir(options.dataDir().resolve("s3"))
          .accessKey(options.accessKey()).secretKey(options.secretKey()).notifications(sink).build());
      started.push(s3);
      s3.createBuckets(resources.buckets().stream().map(Resources.Bucket::name).toList());
      seedSampleData(options, s3.uri(), resources);
      SwitchableMail mail = SwitchableMail.start(MailServerOptions.builder()
          .host(options.host()).smtpPort(options.smtpPort()).imapPort(options.imapPort())
          .dataDir(options.dataDir().resolve("mail")).build());
      started.push(mail);
      URI sqsUri = URI.create("http://" + options.host() + ":" + options.sqsPort());
      URI fnUri = functionHost(options, started);
      started(sqsStart);
      TriggerService triggers = TriggerService.start(
          triggerOptions(options, environment, fnUri, s3.uri(), sqsUri), Clock.systemUTC());
      started.push(triggers);
      EmbeddedStack stack = new EmbeddedStack(options, started, resources, s3.uri(), sqsUri, fnUri, triggers, mail);
      stack.awaitReady();
      return stack;
    } catch (RuntimeException e) {
      closeAll(started);
      throw e;
    }
  }

  private static void startOnOwnThread(Runnable start) {
    Thread thread = new Thread(start, "fnjobs-sqs-start");
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits for the start; throws its failure. */
  private static EmbeddedSqs started(CompletableFuture<EmbeddedSqs> start) {
    try {
      return start.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      throw e;
    }
  }

  /** Waits for a start that may still be under way, so that its port is free again once this returns. */
  private static void closeOnceStarted(CompletableFuture<EmbeddedSqs> start) {
    try {
      start.join().close();
    } catch (RuntimeException e) {
      // it failed to start as well: nothing of it is left to close
    }
  }

  /** Puts the objects of infra/sample-data that are absent (e.g. the stock of the sample SKUs). */
  private static void seedSampleData(StackOptions options, URI s3, Resources resources) {
    try (S3Client client = StorageClients.s3(EndpointSettings.local(s3, options.accessKey(), options.secretKey()))) {
      SampleData.seed(options.repoDir().resolve("infra/sample-data"), client,
          resources.buckets().stream().map(Resources.Bucket::name).toList());
    }
  }

  private static Path triggersDir(StackOptions options) {
    return options.repoDir().resolve("infra/triggers");
  }

  /**
   * The embedded function host, started with the stack's endpoints as function config; or, with
   * {@link StackOptions#fnApiUrl()}, that Fn server, whose functions the user configures (see
   * {@link #functionSetupCommand}).
   */
  private static URI functionHost(StackOptions options, Deque<AutoCloseable> started) {
    if (options.fnApiUrl().isPresent()) {
      LOG.info("the functions run on the Fn server at {}; the embedded function host is not started",
          options.fnApiUrl().get());
      return options.fnApiUrl().get();
    }
    FnHost fn = FnHost.start(FnHostOptions.builder()
        .host(options.host()).port(options.fnPort()).functionsDir(options.repoDir().resolve("functions"))
        .dataDir(options.dataDir().resolve("fn"))
        .configOverrides(functionConfig(options)).build());
    started.push(fn);
    return fn.uri();
  }

  /**
   * Settings every function gets, over app.yaml and func.yaml: each {@code FNJOBS_FN_CONFIG_<KEY>} of
   * the environment as {@code KEY}, then where the embedded services are.
   */
  private static Map<String, String> functionConfig(StackOptions options) {
    Map<String, String> config = new HashMap<>();
    options.environment().forEach((name, value) -> {
      if (name.startsWith(FUNCTION_CONFIG_PREFIX) && name.length() > FUNCTION_CONFIG_PREFIX.length()) {
        config.put(name.substring(FUNCTION_CONFIG_PREFIX.length()), value);
      }
    });
    config.putAll(serviceSettings(options, options.host()));
    return config;
  }

  /** Where functions reach the stack's store, queue and mail server when they address it as {@code host}. */
  private static Map<String, String> serviceSettings(StackOptions options, String host) {
    return Map.of(
        "FNJOBS_S3_ENDPOINT", "http://" + host + ":" + options.s3Port(),
        "FNJOBS_S3_ACCESS_KEY", options.accessKey(),
        "FNJOBS_S3_SECRET_KEY", options.secretKey(),
        "FNJOBS_SQS_ENDPOINT", "http://" + host + ":" + options.sqsPort(),
        "FNJOBS_SQS_ACCESS_KEY", options.accessKey(),
        "FNJOBS_SQS_SECRET_KEY", options.secretKey(),
        "FNJOBS_SMTP_HOST", host,
        "FNJOBS_SMTP_PORT", String.valueOf(options.smtpPort()));
  }

  /**
   * The {@code infra/fn/setup.sh} command that deploys the functions to the Fn server of
   * {@link StackOptions#fnApiUrl()} and points them at this stack's store and mail server, as
   * {@link StackOptions#advertiseHost()}; ports as given (resolve free ports first).
   */
  public static String functionSetupCommand(StackOptions options) {
    Map<String, String> settings = serviceSettings(options, options.advertiseHost());
    return String.join(" ", "infra/fn/setup.sh",
        "--fn-api-url", options.fnApiUrl().orElseThrow(() -> new IllegalStateException("no --fn-api-url")).toString(),
        "--s3-endpoint", settings.get("FNJOBS_S3_ENDPOINT"),
        "--access-key", settings.get("FNJOBS_S3_ACCESS_KEY"),
        "--secret-key", settings.get("FNJOBS_S3_SECRET_KEY"),
        "--smtp-host", settings.get("FNJOBS_SMTP_HOST"),
        "--smtp-port", settings.get("FNJOBS_SMTP_PORT"));
  }

  private static TriggerLayerOptions triggerOptions(
      StackOptions options, Map<String, String> environment, URI fn, URI s3, URI sqs) {
    return TriggerLayerOptions.builder()
        .triggersDir(triggersDir(options))
        .fnApiUrl(fn)
        .httpHost(options.host())
        .httpPort(options.triggersPort())
        .stopWait(options.stopWait())
        .s3(EndpointSettings.local(s3, options.accessKey(), options.secretKey()))
        .sqs(EndpointSettings.local(sqs, options.accessKey(), options.secretKey()))
        .typeSetting(BlobTriggerModule.WEBHOOK_TOKEN, options.webhookToken())
        .adminToken(environment.getOrDefault("FNJOBS_ADMIN_TOKEN", ""))
        .environment(environment)
        .build();
  }

  private void awaitReady() {
    Instant giveUp = Instant.now().plus(options.readyWait());
    while (!triggers.healthy()) {
      if (Instant.now().isAfter(giveUp)) {
        throw new StackStartException("the trigger layer's sources did not all connect within "
            + options.readyWait() + ": see " + triggers.adminUri() + "/triggers for each one's lastError");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StackStartException("interrupted while waiting for the trigger layer", e);
      }
    }
  }

  /**
   * One line per endpoint (two for an Fn server of the user's: the second says how to set it up), then
   * {@code ready}.
   */
  public void printEndpoints(PrintStream out) {
    out.printf("s3        %s  (access key %s, data %s, notifications %s)%n",
        s3Uri, options.accessKey(), options.dataDir().resolve("s3"), options.notifications() ? "on" : "off");
    out.printf("sqs       %s  (queues %s)%n", sqsUri,
        String.join(", ", resources.queues().stream().map(Resources.Queue::name).toList()));
    out.printf("smtp      smtp://%s:%d  (mailboxes over imap://%s:%d, login and password = the address)%n",
        options.host(), options.smtpPort(), options.host(), options.imapPort());
    if (options.fnApiUrl().isPresent()) {
      out.printf("fn        %s  (your Fn server; the embedded function host is not started)%n", fnUri);
      out.printf("          its functions need: %s%n", functionSetupCommand(options));
    } else {
      out.printf("fn        %s  (Fn API /v2, POST /invoke/{fn_id})%n", fnUri);
    }
    out.printf("triggers  %s  (%d triggers: /health, /triggers)%n", triggers.adminUri(), triggers.listeners().size());
    out.println("ready");
    out.flush();
  }

  public URI s3Uri() {
    return s3Uri;
  }

  public URI sqsUri() {
    return sqsUri;
  }

  /** The Fn API the trigger layer invokes: the embedded function host's, or the Fn server given. */
  public URI fnUri() {
    return fnUri;
  }

  public URI triggersUri() {
    return triggers.adminUri();
  }

  public StackOptions options() {
    return options;
  }

  /** Stops the mail server (SMTP and IMAP), keeping its mailboxes: for tests of a mail outage. */
  public void stopMail() {
    mail.stop();
  }

  /** Starts the mail server again on its ports, with the mailboxes it had. */
  public void startMail() {
    mail.start();
  }

  public List<String> bucketNames() {
    return resources.buckets().stream().map(Resources.Bucket::name).toList();
  }

  /** Stops the trigger layer first (within the stopping wait time), then the servers. */
  @Override
  public void close() {
    closeAll(started);
    LOG.info("embedded stack stopped");
  }

  private static void closeAll(Deque<AutoCloseable> started) {
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      try {
        next.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", next.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
