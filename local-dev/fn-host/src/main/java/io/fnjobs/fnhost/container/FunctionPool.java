package io.fnjobs.fnhost.container;

import com.fnproject.fn.api.OutputEvent;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
 * running calls at once. A container that broke or timed out is dropped and never reused. All
 * containers share the function's class loader.
 *
 * <p>Two limits, both read on the host's clock: a new container must be ready within the cold start
 * limit ({@link ColdStartTimeoutException}), and a call must end within the function's timeout,
 * counted from when its container took it, so a slow cold start never eats the run's time ({@link
 * CallTimeoutException}). A container past either limit is interrupted and discarded; its slot is free
 * at once and the next call starts a new container. If the function ignores the interrupt, its thread
 * runs on outside the pool until the function returns (Java cannot stop a thread): it is logged when
 * it ends, and named at {@link #close()} if it is still running then. After a cold start timeout the
 * next container gets a fresh class loader, since the stuck one may hold its class's initialisation.
 *
 * <p>A pool serves one {@link FunctionSpec}. When the function changes, the pool is {@linkplain
 * #retire() retired}: its idle containers stop, a call in progress finishes in its container, which
 * then stops too, and the class loaders are closed once the last container has ended.
 */
final class FunctionPool implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FunctionPool.class);

  private final FunctionSpec function;
  private final String appName;
  private final List<URL> runtimeClasspath;
  private final ClassLoader host;
  private final int size;
  private final Duration busyWait;
  private final Duration coldStartTimeout;
  private final Clock clock;
  private final Semaphore permits;
  private final Deque<HotContainer> idle = new ArrayDeque<>(); // guarded by this
  private final Set<HotContainer> live = ConcurrentHashMap.newKeySet();
  private final Set<HotContainer> discarded = ConcurrentHashMap.newKeySet();
  /** Containers whose thread has not ended yet. */
  private final Set<HotContainer> running = new HashSet<>(); // guarded by this
  private final AtomicInteger started = new AtomicInteger();
  private final List<FunctionClassLoader> retiredLoaders = new ArrayList<>(); // guarded by this
  private final CompletableFuture<Void> drained = new CompletableFuture<>();
  private FunctionClassLoader loader; // guarded by this
  private volatile boolean closed;
  private volatile boolean retired;

  FunctionPool(
      FunctionSpec function,
      List<URL> runtimeClasspath,
      ClassLoader host,
      int size,
      Duration busyWait,
      Duration coldStartTimeout,
      Clock clock) {
    this.function = function;
    this.appName = function.appName();
    this.runtimeClasspath = runtimeClasspath;
    this.host = host;
    this.size = size;
    this.busyWait = busyWait;
    this.coldStartTimeout = coldStartTimeout;
    this.clock = clock;
    this.permits = new Semaphore(size, true);
  }

  FunctionSpec spec() {
    return function;
  }

  InvocationResult invoke(Invocation call) {
    acquire(call);
    HotContainer container = null;
    boolean reusable = false;
    try {
      container = checkOut(call);
      awaitReady(container, call);
      InvocationResult result = run(container, call);
      reusable = result.status() != OutputEvent.Status.InternalError;
      return result;
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

  private void awaitReady(HotContainer container, Invocation call) throws InterruptedException {
    try {
      // the limit counts from the container's start: the caller may get here after its initialiser began
      ClockWait.until(container.ready(), container.startedAt().plus(coldStartTimeout), clock);
    } catch (TimeoutException e) {
      ColdStartTimeoutException timedOut =
          new ColdStartTimeoutException(function.fnName(), container.name(), call.callId(), coldStartTimeout);
      LOG.warn(
          "app={} fn={} call={}: {}; the container is interrupted and discarded, the next one starts in a fresh"
              + " class loader",
          appName, function.fnName(), call.callId(), timedOut.getMessage());
      retireLoader(container.loader());
      watchAfterTimeout(container);
      throw timedOut;
    } catch (ExecutionException e) {
      throw failure(call, e);
    }
  }

  /** Runs the call on a ready container; its timeout starts now, when the container takes it. */
  private InvocationResult run(HotContainer container, Invocation call) throws InterruptedException {
    Instant deadline = clock.instant().plus(function.timeout());
    try {
      return ClockWait.until(container.submit(call, deadline), deadline, clock);
    } catch (TimeoutException e) {
      CallTimeoutException timedOut = new CallTimeoutException(function.fnName(), call.callId(), function.timeout());
      LOG.warn(
          "app={} fn={} call={}: {}; container {} is interrupted and discarded, the next call starts a new one",
          appName, function.fnName(), call.callId(), timedOut.getMessage(), container.name());
      watchAfterTimeout(container);
      throw timedOut;
    } catch (ExecutionException e) {
      throw failure(call, e);
    }
  }

  private static ContainerFailedException failure(Invocation call, ExecutionException e) {
    if (e.getCause() instanceof ContainerFailedException failed) {
      return failed;
    }
    return new ContainerFailedException("call " + call.callId() + " failed: " + e.getCause(), e.getCause());
  }

  /** Reports when the thread of a container discarded after a timeout ends, however long that takes. */
  private void watchAfterTimeout(HotContainer container) {
    Instant discardedAt = clock.instant();
    container.finished().thenRun(() -> LOG.info(
        "app={} fn={}: the thread of timed-out container {} ended {} ms after it was discarded",
        appName, function.fnName(), container.name(), Duration.between(discardedAt, clock.instant()).toMillis()));
  }

  private void acquire(Invocation call) {
    if (closed) {
      throw new ContainerFailedException("the host is closing; call " + call.callId() + " was not run", null);
    }
    try {
      if (!permits.tryAcquire(busyWait.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new ContainersBusyException(function.fnName(), size, busyWait);
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
    String name = function.fnName() + "-" + started.incrementAndGet();
    HotContainer container;
    synchronized (this) { // a retired pool closes its class loaders only while no container runs
      container = new HotContainer(name, loader(), function.env(), function.cmd(), clock);
      running.add(container);
    }
    live.add(container);
    container.finished().thenRun(() -> ended(container));
    LOG.info("app={} fn={} call={}: cold start of container {}", appName, function.fnName(), call.callId(), name);
    container.start();
    return container;
  }

  private void checkIn(HotContainer container, boolean reusable) {
    synchronized (this) {
      if (reusable && !closed && !retired && container.isRunning()) {
        idle.push(container);
        return;
      }
    }
    live.remove(container);
    if (reusable && !closed) {
      container.stop(); // retired: its call is over, nothing to interrupt
    } else {
      container.discard();
    }
    if (!container.finished().isDone()) {
      discarded.add(container);
      container.finished().thenRun(() -> discarded.remove(container));
    }
  }

  /**
   * Takes no further call into a hot container: idle ones stop now, busy ones when their call ends.
   * Completes when every container has ended and the class loaders are closed; a container stuck in a
   * function that ignores interrupts keeps them open, as its thread may still load classes.
   */
  CompletableFuture<Void> retire() {
    List<HotContainer> idleNow;
    synchronized (this) {
      retired = true;
      idleNow = new ArrayList<>(idle);
      idle.clear();
    }
    idleNow.forEach(container -> {
      live.remove(container);
      container.stop();
    });
    closeLoadersIfDrained();
    return drained;
  }

  private void ended(HotContainer container) {
    synchronized (this) {
      running.remove(container);
    }
    closeLoadersIfDrained();
  }

  private void closeLoadersIfDrained() {
    List<FunctionClassLoader> loaders;
    synchronized (this) {
      if (!retired || !running.isEmpty()) {
        return;
      }
      loaders = takeLoaders();
    }
    loaders.forEach(this::closeQuietly);
    drained.complete(null);
  }

  /** Every class loader the pool opened and has not closed; the next container would open a new one. */
  private List<FunctionClassLoader> takeLoaders() {
    List<FunctionClassLoader> loaders = new ArrayList<>(retiredLoaders);
    if (loader != null) {
      loaders.add(loader);
    }
    retiredLoaders.clear();
    loader = null;
    return loaders;
  }

  /** The next container gets a new class loader; this one is closed with the pool. */
  private synchronized void retireLoader(ClassLoader stuck) {
    if (loader != null && loader == stuck) {
      retiredLoaders.add(loader);
      loader = null;
    }
  }

  private synchronized FunctionClassLoader loader() {
    if (loader == null) {
      List<URL> classpath = new ArrayList<>();
      for (Path jar : function.jars()) {
        classpath.add(toUrl(jar));
      }
      classpath.addAll(runtimeClasspath);
      loader = new FunctionClassLoader("fn-" + function.fnName(), classpath, host);
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

  /**
   * Stops every container (interrupting calls in progress), waits a little for their threads and for
   * those of containers discarded earlier, names each that still runs, and closes the class loaders.
   */
  @Override
  public void close() {
    closed = true;
    List<HotContainer> all = new ArrayList<>(live);
    all.forEach(HotContainer::discard);
    all.addAll(discarded);
    Instant giveUp = clock.instant().plusSeconds(2);
    for (HotContainer container : all) {
      try {
        if (!container.awaitEnd(Duration.between(clock.instant(), giveUp))) {
          LOG.warn(
              "app={} fn={}: container {} ignores interruption and keeps its thread; it is abandoned",
              appName, function.fnName(), container.name());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    live.clear();
    List<FunctionClassLoader> loaders;
    synchronized (this) {
      idle.clear();
      loaders = takeLoaders();
    }
    loaders.forEach(this::closeQuietly);
    drained.complete(null);
  }

  private void closeQuietly(FunctionClassLoader classLoader) {
    try {
      classLoader.close();
    } catch (IOException e) {
      LOG.debug("closing the class loader of {} failed", function.fnName(), e);
    }
  }
}
