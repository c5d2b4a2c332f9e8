package io.fnjobs.triggers.runtime;

import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.TriggerLayerOptions;
import io.fnjobs.triggers.control.Pause;
import io.fnjobs.triggers.control.PauseRoutes;
import io.fnjobs.triggers.control.SharedPauses;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.definition.TriggerDefinitionLoader;
import io.fnjobs.triggers.fn.FnClient;
import io.fnjobs.triggers.fn.FnHttpClient;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.http.AdminServer;
import io.fnjobs.triggers.http.AdminServer.Reply;
import io.fnjobs.triggers.http.ConsoleRoutes;
import io.fnjobs.triggers.metrics.Metrics;
import io.fnjobs.triggers.tracing.InvocationTracer;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRoutes;
import io.fnjobs.triggers.runs.RunSummary;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The trigger layer: loads the definitions, resolves their functions, starts one listener per trigger
 * and serves {@code /health}, {@code /triggers}, the run history and flags ({@link RunRoutes}, {@link
 * RunSummary}), pause and resume ({@link PauseRoutes}) and the web console at {@code /}
 * ({@link ConsoleRoutes}); the trigger modules add their own routes. With
 * {@code FNJOBS_ADMIN_TOKEN} set, every admin action needs it. Everything it must remember lives in
 * the store or the queue, so several instances can run side by side.
 *
 * <p>{@code /health} reflects the present ({@link Health}): 503 while a trigger is not connected or one
 * of its sources has failed for longer than {@code FNJOBS_HEALTH_GRACE}, naming the trigger, the
 * source and the last error; 200 again once the source answers.
 *
 * <p>Start-up is all or nothing: the definitions are read and every function resolved before any
 * listener or port opens, so a bad definition leaves nothing half-started.
 */
public final class TriggerService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TriggerService.class);
  private final TriggerLayerOptions options;
  private final TriggerModules modules;
  private final List<TriggerListener> listeners;
  private final AdminServer admin;
  private final ObjectStoreRunLog runs;
  private final SharedPauses pauses;
  private final Clock clock;
  private final List<AutoCloseable> clients;
  private final AtomicBoolean stopped = new AtomicBoolean();

  private TriggerService(
      TriggerLayerOptions options, TriggerModules modules, List<TriggerListener> listeners, AdminServer admin, ObjectStoreRunLog runs,
      SharedPauses pauses, Clock clock, List<AutoCloseable> clients) {
    this.options = options;
    this.modules = modules;
    this.listeners = listeners;
    this.admin = admin;
    this.runs = runs;
    this.pauses = pauses;
    this.clock = clock;
    this.clients = clients;
  }

  /**
   * Starts the trigger layer.
   *
   * @throws io.fnjobs.triggers.definition.InvalidTriggerDefinitionException when a definition is wrong
   *     or names a function the Fn server does not have
   */
  public static TriggerService start(TriggerLayerOptions options, Clock clock) {
    return start(options, clock, new SharedClients());
  }

  /**
   * Starts the trigger layer; its trigger types ask {@code clients} for the clients they need, which
   * the layer closes when it stops.
   *
   * @throws io.fnjobs.triggers.definition.InvalidTriggerDefinitionException when a definition is wrong
   *     or names a function the Fn server does not have
   */
  public static TriggerService start(TriggerLayerOptions options, Clock clock, SharedClients clients) {
    TriggerModules modules = TriggerModules.installed();
    List<TriggerDefinition> definitions =
        new TriggerDefinitionLoader(options.environment(), options.stateBucket(), modules.all())
            .load(options.triggersDir());
    FnClient fn = new FnHttpClient(options.fnApiUrl());
    StartupWait startup = new StartupWait(clock, options.fnStartupWait());
    Map<TriggerDefinition, FunctionRef> functions =
        new FunctionBinder(fn, startup).bind(definitions);
    S3Client s3 = StorageClients.s3(options.s3());
    AdminServer admin = null;
    try {
      StateStoreCheck.verify(s3, options.stateBucket(), startup);
      ObjectStoreRunLog runs = new ObjectStoreRunLog(s3, options.stateBucket(), clock);
      StatusFlags flags = new ObjectStoreStatusFlags(new S3ConditionalStore(s3, options.stateBucket()), clock);
      SharedPauses pauses =
          SharedPauses.load(new S3ConditionalStore(s3, options.stateBucket()), clock, SharedPauses.REFRESH);
      Metrics metrics = Metrics.of(options.metrics(), clock);
      TriggerContext context = new TriggerContext(options, s3, clients,
          new Invoker(fn, runs, flags, clock, metrics.triggers(), InvocationTracer.create()), runs, clock, pauses);
      List<TriggerListener> listeners =
          functions.entrySet().stream()
              .map(bound -> modules.of(bound.getKey().type()).orElseThrow()
                  .listen(bound.getKey(), bound.getValue(), context))
              .toList();
      admin = AdminServer.bind(options.httpHost(), options.httpPort());
      TriggerService service = new TriggerService(options, modules, listeners, admin, runs, pauses, clock, List.of(s3, clients));
      service.routes(context, metrics);
      admin.start();
      listeners.forEach(TriggerListener::start);
      LOG.info("trigger layer on {} with {} triggers from {}", admin.uri(), listeners.size(), options.triggersDir());
      return service;
    } catch (RuntimeException e) {
      if (admin != null) {
        admin.close();
      }
      s3.close();
      clients.close();
      throw e;
    }
  }

  private void routes(TriggerContext context, Metrics metrics) {
    if (!options.adminToken().isBlank()) {
      admin.requireToken(options.adminToken());
    }
    List<String> names = listeners.stream().map(listener -> listener.definition().name()).toList();
    admin.route("GET", "/health", request -> healthReply());
    admin.route("GET", "/metrics", request -> metrics.scrape().map(text -> Reply.text(Metrics.CONTENT_TYPE, text))
        .orElseGet(() -> Reply.error(404, "metrics are off: unset FNJOBS_METRICS, or set it to on")));
    admin.route("GET", "/triggers", request -> Reply.ok(Map.of("triggers", describeTriggers(context.invoker()), "at", context.clock().instant().toString())));
    new RunRoutes(runs, new ObjectStoreStatusFlags(new S3ConditionalStore(context.s3(), options.stateBucket()), clock),
        names).addTo(admin);
    new RunSummary(context.s3(), options.stateBucket(), names, clock).addTo(admin);
    new PauseRoutes(pauses, names).addTo(admin);
    for (TriggerModule module : modules.all()) {
      module.routes(admin, listeners.stream()
          .filter(listener -> listener.definition().type().equals(module.type())).toList(), context);
    }
    new ConsoleRoutes().addTo(admin);
  }

  /** The run history this service records to. */
  public RunLog runs() {
    return runs;
  }

  /** The paused triggers, shared with every instance on the same state bucket. */
  public SharedPauses pauses() {
    return pauses;
  }

  /**
   * Whether every trigger is connected and none of their sources has been failing for longer than the
   * grace period.
   */
  public boolean healthy() {
    return !stopped.get() && health(clock.instant()).up();
  }

  private Health health(Instant now) {
    return Health.of(listeners, options.healthGrace(), now);
  }

  /** Paused triggers are not unhealthy: {@code paused} shows them, from the copy of {@link SharedPauses}. */
  private Reply healthReply() {
    Health health = health(clock.instant());
    boolean up = !stopped.get() && health.up();
    Map<String, Object> states = new LinkedHashMap<>();
    Map<String, Boolean> paused = new LinkedHashMap<>();
    Map<String, Pause> current = pauses.cachedPauses();
    listeners.forEach(listener -> {
      states.put(listener.definition().name(), listener.state());
      paused.put(listener.definition().name(), current.containsKey(listener.definition().name()));
    });
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "up" : "down");
    body.put("triggers", states);
    body.put("paused", paused);
    if (!health.problems().isEmpty()) {
      body.put("problems", health.problems());
    }
    return new Reply(up ? 200 : 503, body);
  }

  private List<Map<String, Object>> describeTriggers(Invoker invoker) {
    Map<String, Pause> current = pauses.current();
    return listeners.stream()
        .map(listener -> describe(listener, invoker, current.get(listener.definition().name()))).toList();
  }

  private static Map<String, Object> describe(TriggerListener listener, Invoker invoker, Pause pause) {
    TriggerDefinition definition = listener.definition();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", definition.name());
    entry.put("type", definition.type());
    entry.put("app", definition.app());
    entry.put("function", definition.function());
    entry.put("description", definition.description());
    entry.put("file", definition.file().toString());
    entry.put("state", listener.state());
    entry.put("paused", pause != null);
    if (pause != null) {
      entry.put("pausedSince", pause.since());
      if (pause.reason() != null) {
        entry.put("pauseReason", pause.reason());
      }
    }
    if (!listener.lastError().isEmpty()) {
      entry.put("lastError", listener.lastError());
    }
    entry.put("sources", listener.sources().stream().map(SourceStatus::describe).toList());
    entry.putAll(listener.details());
    // every invocation since this instance started, by outcome: throttled ones spent no attempt
    entry.put("runOutcomes", invoker.outcomes(definition.name()));
    return entry;
  }

  public URI adminUri() {
    return admin.uri();
  }

  public List<TriggerListener> listeners() {
    return listeners;
  }

  /**
   * Stops: every listener takes no new work and finishes or releases what it has within the stopping
   * wait time, shared by all of them; then the admin endpoint closes.
   */
  @Override
  public void close() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    Instant deadline = clock.instant().plus(options.stopWait());
    List<Thread> stopping =
        listeners.stream().map(listener -> startThread("stop-" + listener.definition().name(),
            () -> listener.stop(remaining(deadline)))).toList();
    stopping.forEach(thread -> joinUntil(thread, deadline));
    stopping.stream().filter(Thread::isAlive).forEach(thread ->
        LOG.warn("{} did not finish within the stopping wait of {}: its work in flight is left to redelivery"
            + " (raise FNJOBS_STOP_WAIT to wait longer)", thread.getName(), options.stopWait()));
    admin.close();
    clients.forEach(TriggerService::closeQuietly);
    LOG.info("trigger layer stopped");
  }

  private static Thread startThread(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private Duration remaining(Instant deadline) {
    Duration left = Duration.between(clock.instant(), deadline);
    return left.isNegative() ? Duration.ZERO : left;
  }

  private void joinUntil(Thread thread, Instant deadline) {
    try {
      thread.join(Math.max(1, remaining(deadline).toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed: {}", closeable, e.toString());
    }
  }
}
