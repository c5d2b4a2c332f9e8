package io.fnjobs.fnhost;

import io.fnjobs.fnhost.api.FnApiServer;
import io.fnjobs.fnhost.catalog.AppDefinition;
import io.fnjobs.fnhost.catalog.Catalog;
import io.fnjobs.fnhost.catalog.CatalogLoader;
import io.fnjobs.fnhost.catalog.FunctionDefinition;
import io.fnjobs.fnhost.container.FunctionContainers;
import io.fnjobs.fnhost.ids.FnIds;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Fn-compatible function host without Docker: serves the functions of a folder laid out for {@code
 * fn deploy --all} on Fn's API, running each function with the real FDK runtime in its own class
 * loader, in hot containers reused across calls. A client such as the trigger layer cannot tell it
 * from Fn server for the calls it makes.
 *
 * <pre>{@code
 * try (FnHost host = FnHost.start(FnHostOptions.builder().port(0).functionsDir(dir).build())) {
 *   URI invoke = host.invokeUri("thumbnail");
 * }
 * }</pre>
 */
public final class FnHost implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FnHost.class);

  private final Catalog catalog;
  private final FunctionContainers containers;
  private final FnApiServer api;

  private FnHost(Catalog catalog, FunctionContainers containers, FnApiServer api) {
    this.catalog = catalog;
    this.containers = containers;
    this.api = api;
  }

  /** Reads the functions folder and starts serving it, on the system clock. */
  public static FnHost start(FnHostOptions options) {
    return start(options, Clock.systemUTC());
  }

  /**
   * Reads the functions folder and starts serving it.
   *
   * @param clock what call deadlines, the functions' timeouts and the cold start limit are read on
   * @throws io.fnjobs.fnhost.catalog.InvalidCatalogException app.yaml or a func.yaml is invalid, or a
   *     function is not built
   * @throws io.fnjobs.fnhost.container.FdkRuntimeNotFoundException the FDK runtime is not on the class
   *     path
   * @throws io.fnjobs.fnhost.api.PortUnavailableException the port is taken
   */
  public static FnHost start(FnHostOptions options, Clock clock) {
    Catalog catalog = new CatalogLoader().load(options.functionsDir());
    FunctionContainers containers =
        new FunctionContainers(catalog, options.configOverrides(), options.containersPerFunction(),
            options.busyWait(), options.coldStartTimeout(), clock);
    FnApiServer api;
    try {
      api = FnApiServer.start(
          options.host(), options.port(), catalog, containers, new FnIds(clock), options.maxRequestSize());
    } catch (RuntimeException e) {
      containers.close();
      throw e;
    }
    LOG.info(
        "Fn API on {} serves app {} ({}) with functions {} from {}",
        api.uri(),
        catalog.app().name(),
        catalog.app().id(),
        catalog.functions().stream().map(FunctionDefinition::name).toList(),
        options.functionsDir().toAbsolutePath().normalize());
    return new FnHost(catalog, containers, api);
  }

  /** The base address of the Fn API, e.g. {@code http://127.0.0.1:8080}. */
  public URI uri() {
    return api.uri();
  }

  public AppDefinition app() {
    return catalog.app();
  }

  public List<FunctionDefinition> functions() {
    return catalog.functions();
  }

  public Optional<FunctionDefinition> function(String name) {
    return catalog.functionByName(name);
  }

  /** Where to POST calls of the named function, {@code <uri>/invoke/<fn id>}. */
  public URI invokeUri(String functionName) {
    FunctionDefinition function =
        function(functionName)
            .orElseThrow(
                () -> new IllegalArgumentException(
                    "the host serves no function " + functionName + "; it serves "
                        + functions().stream().map(FunctionDefinition::name).toList()));
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
