package io.fnjobs.fnhost.container;

import com.fnproject.fn.api.OutputEvent;
import io.fnjobs.fnhost.catalog.Catalog;
import io.fnjobs.fnhost.catalog.FunctionDefinition;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FunctionInvoker} over the real FDK runtime in this JVM: one pool of hot containers per
 * function of the catalog, each function in its own class loader.
 */
public final class FunctionContainers implements FunctionInvoker, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FunctionContainers.class);

  /** Fn server's limit for a hot container to start ({@code FN_HOT_START_TIMEOUT_MSECS}): 5 s. */
  public static final Duration DEFAULT_COLD_START_TIMEOUT = Duration.ofSeconds(5);

  private final String appName;
  private final Map<String, FunctionPool> pools = new LinkedHashMap<>();

  /** With the {@link #DEFAULT_COLD_START_TIMEOUT default cold start limit}. */
  public FunctionContainers(
      Catalog catalog,
      Map<String, String> configOverrides,
      int containersPerFunction,
      Duration busyWait,
      Clock clock) {
    this(catalog, configOverrides, containersPerFunction, busyWait, DEFAULT_COLD_START_TIMEOUT, clock);
  }

  /**
   * @param configOverrides applied over the app's and each function's config
   * @param containersPerFunction how many calls of one function may run at once
   * @param busyWait how long a call waits for a free container before {@link ContainersBusyException}
   * @param coldStartTimeout how long a new container may take to be ready before {@link
   *     ColdStartTimeoutException}; not part of any call's timeout
   * @param clock what the cold start limit and the functions' timeouts are read on
   * @throws FdkRuntimeNotFoundException the FDK runtime is not on this process's class path
   */
  public FunctionContainers(
      Catalog catalog,
      Map<String, String> configOverrides,
      int containersPerFunction,
      Duration busyWait,
      Duration coldStartTimeout,
      Clock clock) {
    this.appName = catalog.app().name();
    ClassLoader host = FunctionContainers.class.getClassLoader();
    List<URL> runtime = FdkRuntime.locate(host);
    for (FunctionDefinition function : catalog.functions()) {
      Map<String, String> env = FunctionEnvironment.of(catalog.app(), function, configOverrides);
      pools.put(
          function.id(),
          new FunctionPool(
              appName, function, env, runtime, host, containersPerFunction, busyWait, coldStartTimeout, clock));
    }
  }

  @Override
  public InvocationResult invoke(FunctionDefinition function, Invocation call) {
    FunctionPool pool = pools.get(function.id());
    if (pool == null) {
      throw new IllegalArgumentException("function " + function.name() + " is not in the host's catalog");
    }
    try {
      InvocationResult result = pool.invoke(call);
      logResult(function, call, result);
      return result;
    } catch (ContainerFailedException e) {
      LOG.warn("app={} fn={} call={}: {}", appName, function.name(), call.callId(), e.getMessage());
      throw e;
    }
  }

  private void logResult(FunctionDefinition function, Invocation call, InvocationResult result) {
    if (result.status() == OutputEvent.Status.Success) {
      LOG.debug(
          "app={} fn={} call={}: {} in {} ms{}",
          appName, function.name(), call.callId(), result.status(), result.elapsed().toMillis(), result.cold() ? " (cold)" : "");
    } else {
      LOG.warn(
          "app={} fn={} call={}: {} in {} ms; function log:\n{}",
          appName, function.name(), call.callId(), result.status(), result.elapsed().toMillis(), result.functionLog().strip());
    }
  }

  /** Stops every container and closes the functions' class loaders. */
  @Override
  public void close() {
    pools.values().forEach(FunctionPool::close);
  }
}
