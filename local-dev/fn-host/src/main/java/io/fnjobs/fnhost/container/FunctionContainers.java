package io.fnjobs.fnhost.container;

import com.fnproject.fn.api.OutputEvent;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FunctionInvoker} over the real FDK runtime in this JVM: one pool of hot containers per
 * function, started at its first call, each function in its own class loader. When a function's
 * {@link FunctionSpec} changes (its config through the API, say), its pool is retired: calls in
 * progress finish in their containers, which then stop, and the next call starts a new container,
 * in a new class loader, with the new spec.
 */
public final class FunctionContainers implements FunctionInvoker, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FunctionContainers.class);

  /** Fn server's limit for a hot container to start ({@code FN_HOT_START_TIMEOUT_MSECS}): 5 s. */
  public static final Duration DEFAULT_COLD_START_TIMEOUT = Duration.ofSeconds(5);

  private final List<URL> runtime;
  private final ClassLoader host;
  private final int containersPerFunction;
  private final Duration busyWait;
  private final Duration coldStartTimeout;
  private final Clock clock;
  private final Map<String, FunctionPool> pools = new ConcurrentHashMap<>();
  /** Retired pools whose containers have not all stopped yet. */
  private final Set<FunctionPool> retiring = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /** With the {@link #DEFAULT_COLD_START_TIMEOUT default cold start limit}. */
  public FunctionContainers(int containersPerFunction, Duration busyWait, Clock clock) {
    this(containersPerFunction, busyWait, DEFAULT_COLD_START_TIMEOUT, clock);
  }

  /**
   * @param containersPerFunction how many calls of one function may run at once
   * @param busyWait how long a call waits for a free container before {@link ContainersBusyException}
   * @param coldStartTimeout how long a new container may take to be ready before {@link
   *     ColdStartTimeoutException}; not part of any call's timeout
   * @param clock what the cold start limit and the functions' timeouts are read on
   * @throws FdkRuntimeNotFoundException the FDK runtime is not on this process's class path
   */
  public FunctionContainers(int containersPerFunction, Duration busyWait, Duration coldStartTimeout, Clock clock) {
    this.host = FunctionContainers.class.getClassLoader();
    this.runtime = FdkRuntime.locate(host);
    this.containersPerFunction = containersPerFunction;
    this.busyWait = busyWait;
    this.coldStartTimeout = coldStartTimeout;
    this.clock = clock;
  }

  @Override
  public InvocationResult invoke(FunctionSpec function, Invocation call) {
    FunctionPool pool = poolOf(function, call);
    try {
      InvocationResult result = pool.invoke(call);
      logResult(function, call, result);
      return result;
    } catch (ContainerFailedException e) {
      LOG.warn("app={} fn={} call={}: {}", function.appName(), function.fnName(), call.callId(), e.getMessage());
      throw e;
    }
  }

  /** The pool of the function's spec, in place of one of an earlier spec, which is retired. */
  private FunctionPool poolOf(FunctionSpec function, Invocation call) {
    if (closed) {
      throw new ContainerFailedException("the host is closing; call " + call.callId() + " was not run", null);
    }
    List<FunctionPool> replaced = new ArrayList<>(1);
    FunctionPool pool = pools.compute(function.fnId(), (id, current) -> {
      if (current != null && current.spec().equals(function)) {
        return current;
      }
      if (current != null) {
        replaced.add(current);
      }
      return new FunctionPool(function, runtime, host, containersPerFunction, busyWait, coldStartTimeout, clock);
    });
    replaced.forEach(this::retire);
    return pool;
  }

  /**
   * Retires the pools of functions whose spec is not among {@code current} (changed or deleted), so
   * their hot containers take no further call and the next call of a changed function starts afresh.
   */
  public void retainOnly(Collection<FunctionSpec> current) {
    Set<FunctionSpec> kept = Set.copyOf(current);
    Map<String, FunctionPool> stale = pools.entrySet().stream()
        .filter(entry -> !kept.contains(entry.getValue().spec()))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    stale.forEach((id, pool) -> {
      if (pools.remove(id, pool)) {
        retire(pool);
      }
    });
  }

  private void retire(FunctionPool pool) {
    FunctionSpec spec = pool.spec();
    LOG.info("app={} fn={}: the function changed or was deleted; its hot containers take no new calls and stop once"
        + " their calls in progress end", spec.appName(), spec.fnName());
    retiring.add(pool);
    pool.retire().thenRun(() -> retiring.remove(pool));
  }

  private void logResult(FunctionSpec function, Invocation call, InvocationResult result) {
    if (result.status() == OutputEvent.Status.Success) {
      LOG.debug(
          "app={} fn={} call={}: {} in {} ms{}",
          function.appName(), function.fnName(), call.callId(), result.status(), result.elapsed().toMillis(),
          result.cold() ? " (cold)" : "");
    } else {
      LOG.warn(
          "app={} fn={} call={}: {} in {} ms; function log:\n{}",
          function.appName(), function.fnName(), call.callId(), result.status(), result.elapsed().toMillis(),
          result.functionLog().strip());
    }
  }

  /** Stops every container and closes the functions' class loaders. */
  @Override
  public void close() {
    closed = true;
    pools.values().forEach(FunctionPool::close);
    pools.clear();
    retiring.forEach(FunctionPool::close);
    retiring.clear();
  }
}
