package io.fnjobs.fnhost;

import io.fnjobs.fnhost.api.FnApiServer;
import io.fnjobs.fnhost.catalog.Catalog;
import io.fnjobs.fnhost.catalog.CatalogLoader;
import io.fnjobs.fnhost.container.FunctionContainers;
import io.fnjobs.fnhost.ids.FnIds;
import io.fnjobs.fnhost.metrics.HostMetrics;
import io.fnjobs.fnhost.store.App;
import io.fnjobs.fnhost.store.Fn;
import io.fnjobs.fnhost.store.OverlayStore;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Fn-compatible function host without Docker: serves the functions of a folder laid out for {@code
 * fn deploy --all} on Fn's API, running each function with the real FDK runtime in its own class
 * loader, in hot containers reused across calls. A client such as the trigger layer or the {@code fn}
 * CLI cannot tell it from Fn server for the calls it makes; what the CLI writes (apps, functions,
 * config) is kept in the host's data folder over the folder's definitions.
 *
 * <pre>{@code
 * try (FnHost host = FnHost.start(FnHostOptions.builder().port(0).functionsDir(dir).build())) {
 *   URI invoke = host.invokeUri("thumbnail");
 * }
 * }</pre>
 */
public final class FnHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FnHost.class);

  private final String appName;
  private final OverlayStore store;
  private final FunctionContainers containers;
  private final FnApiServer api;

  private FnHost(String appName, OverlayStore store, FunctionContainers containers, FnApiServer api) {
    this.appName = appName;
    this.store = store;
    this.containers = containers;
    this.api = api;
  }

  /** Reads the functions folder and starts serving it, on the system clock. */
  public static FnHost start(FnHostOptions options) {
    return start(options, Clock.systemUTC());
  }

  /**
   * Reads the functions folder, and what the API wrote in the data folder before, and starts serving.
   *
   * @param clock what call deadlines, the functions' timeouts, the cold start limit and the times of
   *     API writes are read on
   * @throws io.fnjobs.fnhost.catalog.InvalidCatalogException app.yaml or a func.yaml is invalid, a
   *     function is not built, or the data folder's file cannot be read
   * @throws io.fnjobs.fnhost.container.FdkRuntimeNotFoundException the FDK runtime is not on the class
   *     path
   * @throws io.fnjobs.fnhost.api.PortUnavailableException the port is taken
   */
  public static FnHost start(FnHostOptions options, Clock clock) {
    Catalog folder = new CatalogLoader().load(options.functionsDir());
    OverlayStore store = OverlayStore.open(folder, options.configOverrides(), options.dataDir(), clock);
    FunctionContainers containers =
        new FunctionContainers(options.containersPerFunction(), options.busyWait(), options.coldStartTimeout(), clock);
    store.onChange(containers::retainOnly);
    FnApiServer api;
    try {
      api = FnApiServer.start(
          options.host(), options.port(), store, containers, new FnIds(clock), options.maxRequestSize(),
          new HostMetrics());
    } catch (RuntimeException e) {
      containers.close();
      throw e;
    }
    LOG.info(
        "Fn API on {} serves apps {} with functions {} (functions folder {}, API writes kept in {})",
        api.uri(),
        store.apps().stream().map(App::name).toList(),
        store.apps().stream().flatMap(app -> store.fns(app.id()).stream()).map(Fn::name).toList(),
        options.functionsDir().toAbsolutePath().normalize(),
        options.dataDir().map(dir -> dir.toAbsolutePath().normalize().toString()).orElse("memory only"));
    return new FnHost(folder.app().name(), store, containers, api);
  }

  /** The base address of the Fn API, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    return api.uri();
  }

  /**
   * The app of the functions folder, as served now.
   *
   * @throws IllegalStateException it was deleted through the API
   */
  public App app() {
    return store.appByName(appName)
        .orElseThrow(() -> new IllegalStateException("app " + appName + " was deleted through the Fn API"));
  }

  /** The functions of the folder's app, as served now. */
  public List<Fn> functions() {
    return store.fns(app().id());
  }

  public Optional<Fn> function(String name) {
    return functions().stream().filter(fn -> fn.name().equals(name)).findFirst();
  }

  /** Where to POST calls of the named function of the folder's app, {@code <uri>/invoke/<fn id>}. */
  public URI invokeUri(String functionName) {
    Fn function =
        function(functionName)
            .orElseThrow(
                () -> new IllegalArgumentException(
                    "the host serves no function " + functionName + "; it serves "
                        + functions().stream().map(Fn::name).toList()));
    return URI.create(uri() + "/invoke/" + function.id());
  }

  /** Stops listening (the port is free on return), stops every container and closes class loaders. */
  @Override
  public void close() {
    api.close();
    containers.close();
    LOG.info("Fn API on {} stopped", api.uri());
  }
}
