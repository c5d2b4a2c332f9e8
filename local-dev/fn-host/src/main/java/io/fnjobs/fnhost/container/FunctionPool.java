package io.fnjobs.fnhost.container;

import com.fnproject.fn.api.OutputEvent;
import io.fnjobs.fnhost.catalog.FunctionDefinition;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hot containers of one function: started lazily (the first call is cold), reused while hot (the
 * most recently used first, so a steady caller keeps hitting one warm instance), at most {@code size}
 * running calls at once. A container that timed out or broke is dropped and never reused. All
 * containers share the function's class loader.
 */
final class FunctionPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FunctionPool.class);

  private final String appName;
  private final FunctionDefinition function;
  private final Map<String, String> env;
  private final List<URL> runtimeClasspath;
  private final ClassLoader host;
  private final int size;
  private final Duration busyWait;
  private final Clock clock;
  private final Semaphore permits;
  private final Deque<HotContainer> idle = new ArrayDeque<>(); // guarded by this
  private final Set<HotContainer> live = ConcurrentHashMap.newKeySet();
  private final AtomicInteger started = new AtomicInteger();
  private FunctionClassLoader loader; // guarded by this
  private volatile boolean closed;

  FunctionPool(
      String appName,
      FunctionDefinition function,
      Map<String, String> env,
      List<URL> runtimeClasspath,
      ClassLoader host,
      int size,
      Duration busyWait,
      Clock clock) {
    this.appName = appName;
    this.function = function;
    this.env = env;
    this.runtimeClasspath = runtimeClasspath;
    this.host = host;
    this.size = size;
    this.busyWait = busyWait;
    this.clock = clock;
    this.permits = new Semaphore(size, true);
  }

  InvocationResult invoke(Invocation call) {
    acquire(call);
    HotContainer container = null;
    boolean reusable = false;
    try {
      container = checkOut(call);
      Instant deadline = clock.instant().plus(function.timeout());
      InvocationResult result =
          container.submit(call, deadline).get(function.timeout().toMillis(), TimeUnit.MILLISECONDS);
      reusable = result.status() != OutputEvent.Status.InternalError;
      return result;
    } catch (TimeoutException e) {
      CallTimeoutException timedOut = new CallTimeoutException(function.name(), call.callId(), function.timeout());
      LOG.warn(
          "app={} fn={} call={}: {}; container {} is interrupted and dropped",
          appName, function.name(), call.callId(), timedOut.getMessage(), container.name());
      throw timedOut;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ContainerFailedException failed) {
        throw failed;
      }
      throw new ContainerFailedException("call " + call.callId() + " failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ContainerFailedException("call " + call.callId() + " was interrupted: the host is closing", e);
    } finally {
      if (container != null) {
        checkIn(container, reusable);
      }
      permits.release();
    }
  }

  private void acquire(Invocation call) {
    if (closed) {
      throw new ContainerFailedException("the host is closing; call " + call.callId() + " was not run", null);
    }
    try {
      if (!permits.tryAcquire(busyWait.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new ContainersBusyException(function.name(), size, busyWait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ContainerFailedException("call " + call.callId() + " was interrupted: the host is closing", e);
    }
  }

  private HotContainer checkOut(Invocation call) {
    synchronized (this) {
      while (!idle.isEmpty()) {
        HotContainer hot = idle.pop();
        if (hot.isRunning()) {
          return hot;
        }
        live.remove(hot);
      }
    }
    String name = function.name() + "-" + started.incrementAndGet();
    HotContainer container = new HotContainer(name, loader(), env, function.cmd(), clock);
    live.add(container);
    LOG.info("app={} fn={} call={}: cold start of container {}", appName, function.name(), call.callId(), name);
    container.start();
    return container;
  }

  private void checkIn(HotContainer container, boolean reusable) {
    synchronized (this) {
      if (reusable && !closed && container.isRunning()) {
        idle.push(container);
        return;
      }
    }
    live.remove(container);
    container.discard();
  }

  private synchronized FunctionClassLoader loader() {
    if (loader == null) {
      List<URL> classpath = new ArrayList<>();
      for (Path jar : function.jars()) {
        classpath.add(toUrl(jar));
      }
      classpath.addAll(runtimeClasspath);
      loader = new FunctionClassLoader("fn-" + function.name(), classpath, host);
    }
    return loader;
  }

  private static URL toUrl(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("not a usable jar path: " + jar, e);
    }
  }

  /** Stops every container (interrupting calls in progress) and closes the class loader. */
  @Override
  public void close() {
    closed = true;
    List<HotContainer> all = new ArrayList<>(live);
    all.forEach(HotContainer::discard);
    Instant giveUp = clock.instant().plusSeconds(2);
    for (HotContainer container : all) {
      try {
        if (!container.awaitEnd(Duration.between(clock.instant(), giveUp))) {
          LOG.warn(
              "app={} fn={}: container {} ignores interruption and keeps its thread; it is abandoned",
              appName, function.name(), container.name());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    live.clear();
    synchronized (this) {
      idle.clear();
      if (loader != null) {
        try {
          loader.close();
        } catch (IOException e) {
          LOG.debug("closing the class loader of {} failed", function.name(), e);
        }
      }
    }
  }
}
