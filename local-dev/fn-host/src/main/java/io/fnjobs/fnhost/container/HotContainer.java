package io.fnjobs.fnhost.container;

import com.fnproject.fn.api.Headers;
import com.fnproject.fn.api.InputEvent;
import com.fnproject.fn.api.OutputEvent;
import com.fnproject.fn.runtime.EventCodec;
import com.fnproject.fn.runtime.ReadOnceInputEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One hot container: one FDK {@code EntryPoint.run} loop on its own thread, fed by a codec of the
 * host's. The FDK creates the function instance and runs {@code @FnConfiguration} once per loop, and
 * its lazy initialisation is not thread-safe, so a container runs one call at a time; {@link
 * FunctionPool} hands it out to one caller at a time.
 *
 * <p>Its cold start is everything before it can take a call: loading and initialising the function's
 * class (its static initialisers) and the FDK up to the point where it waits for calls, the part of
 * an Fn container's start that comes before its FDK listens. {@link #ready()} tells when it is over.
 *
 * <p>The loop ends when the container is stopped, when it is discarded (after a timeout: its thread is
 * interrupted and it never takes another call), or when the FDK lets an exception escape. A function
 * that ignores the interrupt keeps the thread until it returns: Java cannot stop a thread.
 */
final class HotContainer {

  private static final Logger LOG = LoggerFactory.getLogger(HotContainer.class);
  private static final String ENTRY_POINT = "com.fnproject.fn.runtime.EntryPoint";
  private static final Call STOP = new Call(null, null, null);

  private final String name;
  private final ClassLoader loader;
  private final Map<String, String> env;
  private final String cmd;
  private final Clock clock;
  private final BlockingQueue<Call> inbox = new LinkedBlockingQueue<>();
  private final ByteArrayOutputStream logBuffer = new ByteArrayOutputStream();
  private final PrintStream log = new PrintStream(logBuffer, true, StandardCharsets.UTF_8);
  private final Thread thread;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private volatile Instant startedAt;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private volatile boolean discarded;
  private boolean ended; // guarded by this
  private int calls; // container thread only

  HotContainer(String name, ClassLoader loader, Map<String, String> env, String cmd, Clock clock) {
    this.name = name;
    this.loader = loader;
    this.env = env;
    this.cmd = cmd;
    this.clock = clock;
    this.thread = new Thread(this::runLoop, "fn-container-" + name);
    this.thread.setDaemon(true);
    this.thread.setContextClassLoader(loader);
  }

  String name() {
    return name;
  }

  ClassLoader loader() {
    return loader;
  }

  /**
   * Completes when the cold start is over and the container waits for calls; fails with {@link
   * ContainerFailedException} when the loop ended before that.
   */
  CompletableFuture<Void> ready() {
    return ready;
  }

  /** Completes when the loop has ended, and with it the container's thread. */
  CompletableFuture<Void> finished() {
    return finished;
  }

  void start() {
    startedAt = clock.instant();
    thread.start();
  }

  /**
   * When {@link #start()} was called, on the host's clock: read before the thread runs, so nothing the
   * container does (its class's initialiser, a test moving the clock) comes before it.
   */
  Instant startedAt() {
    return startedAt;
  }

  /** Queues one call; the future fails with {@link ContainerFailedException} if the loop has ended. */
  synchronized CompletableFuture<InvocationResult> submit(Invocation invocation, Instant deadline) {
    CompletableFuture<InvocationResult> result = new CompletableFuture<>();
    if (ended || discarded) {
      result.completeExceptionally(new ContainerFailedException("container " + name + " has stopped", null));
    } else {
      inbox.add(new Call(invocation, deadline, result));
    }
    return result;
  }

  synchronized boolean isRunning() {
    return !ended && !discarded;
  }

  /** Ends the loop once the call in progress, if any, has answered. */
  synchronized void stop() {
    if (!ended) {
      inbox.add(STOP);
    }
  }

  /** Ends the loop now: the call in progress is interrupted and the container takes no further call. */
  void discard() {
    discarded = true;
    thread.interrupt();
    stop();
  }

  /** Waits for the loop's thread to end; true when it has. */
  boolean awaitEnd(Duration patience) throws InterruptedException {
    thread.join(Math.max(1, patience.toMillis()));
    return !thread.isAlive();
  }

  private void runLoop() {
    Throwable failure = null;
    try {
      initialiseFunctionClass();
      Class<?> entryPoint = loader.loadClass(ENTRY_POINT);
      Method run = entryPoint.getMethod("run", Map.class, EventCodec.class, PrintStream.class, String[].class);
      Object exitCode = run.invoke(entryPoint.getConstructor().newInstance(), env, new Codec(), log, new String[] {cmd});
      LOG.debug("container {} ended, FDK exit code {}", name, exitCode);
    } catch (InvocationTargetException e) {
      failure = e.getCause();
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      failure = e;
    } finally {
      end(failure);
    }
  }

  /**
   * Loads and initialises the function's class as the FDK does on the first call (the same class: the
   * FDK loads it through this class loader), so that slow static initialisers are part of the cold
   * start and not of the first call's run. A class that cannot be loaded or initialised is left to the
   * FDK, which fails the calls as it does on Fn; the cause is logged here, where it is still whole.
   */
  private void initialiseFunctionClass() {
    int split = cmd.indexOf("::");
    if (split <= 0) {
      return; // the FDK names a malformed cmd on the first call
    }
    String className = cmd.substring(0, split);
    try {
      Class.forName(className, true, loader);
    } catch (ClassNotFoundException e) {
      LOG.debug("container {}: no class {}; the FDK reports it on the first call", name, className);
    } catch (LinkageError e) {
      LOG.warn("container {}: the function class {} cannot be initialised, the FDK will fail its calls: {}",
          name, className, causes(e), e);
    }
  }

  /**
   * Marks the loop ended and fails every call still queued, with what the FDK logged. {@link
   * #finished()} completes outside this container's lock, so that what waits for it may use the container.
   */
  private void end(Throwable failure) {
    endLoop(failure);
    finished.complete(null);
  }

  private synchronized void endLoop(Throwable failure) {
    ended = true;
    String reason =
        "container " + name + " stopped" + (failure == null ? "" : ": " + causes(failure)) + functionLogSuffix(drainLog());
    ready.completeExceptionally(new ContainerFailedException(reason, failure));
    for (Call call = inbox.poll(); call != null; call = inbox.poll()) {
      if (call != STOP) {
        call.result().completeExceptionally(new ContainerFailedException(reason, failure));
      }
    }
    if (failure != null) {
      LOG.warn("{}: the FDK run loop failed; the next call starts a new container", reason, failure);
    }
  }

  private String drainLog() {
    synchronized (logBuffer) {
      String text = logBuffer.toString(StandardCharsets.UTF_8);
      logBuffer.reset();
      return text;
    }
  }

  /** The exception and its causes on one line, e.g. what a failing {@code @FnFeature} threw. */
  private static String causes(Throwable failure) {
    StringBuilder text = new StringBuilder(failure.toString());
    for (Throwable cause = failure.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
      text.append("; caused by ").append(cause);
    }
    return text.toString();
  }

  private static String functionLogSuffix(String functionLog) {
    return functionLog.isBlank() ? "" : "; function log:\n" + functionLog.strip();
  }

  /**
   * Feeds the FDK one queued call at a time; returning ends {@code EntryPoint.run}. Puts on each answer
   * the FDK's version headers, as the FDK's HTTP codec would.
   */
  private final class Codec implements EventCodec {

    private final Map<String, List<String>> fdkHeaders = FdkRuntime.responseHeaders(loader);

    @Override
    public void runCodec(Handler handler) {
      ready.complete(null);
      while (!discarded) {
        Call call;
        try {
          call = inbox.take();
        } catch (InterruptedException e) {
          return;
        }
        if (call == STOP || discarded) {
          return;
        }
        if (!handle(handler, call)) {
          return;
        }
      }
    }

    /** Runs one call; false when the container is broken and must end. */
    private boolean handle(Handler handler, Call call) {
      Instant started = clock.instant();
      boolean cold = calls++ == 0;
      try {
        OutputEvent output = handler.handle(call.event());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        output.writeToOutput(body);
        Map<String, List<String>> headers = new LinkedHashMap<>(output.getHeaders().asMap());
        headers.putAll(fdkHeaders);
        call.result()
            .complete(
                new InvocationResult(
                    output.getStatus(),
                    output.getContentType(),
                    headers,
                    body.toByteArray(),
                    drainLog(),
                    Duration.between(started, clock.instant()),
                    cold));
        return true;
      } catch (Throwable escaped) { // past the FDK's own handling, e.g. a failing @FnFeature
        call.result()
            .completeExceptionally(
                new ContainerFailedException(
                    "container " + name + " failed call " + call.invocation().callId() + ": " + causes(escaped)
                        + functionLogSuffix(drainLog()),
                    escaped));
        return false;
      } finally {
        Thread.interrupted(); // an interrupt meant for this call must not end the next one
      }
    }
  }

  private record Call(Invocation invocation, Instant deadline, CompletableFuture<InvocationResult> result) {

    InputEvent event() {
      Headers headers = Headers.emptyHeaders();
      for (Map.Entry<String, List<String>> header : invocation.headers().entrySet()) {
        for (String value : header.getValue()) {
          headers = headers.addHeader(header.getKey(), value);
        }
      }
      headers =
          headers.setHeader("Fn-Call-Id", invocation.callId()).setHeader("Fn-Deadline", deadline.toString());
      return new ReadOnceInputEvent(
          new ByteArrayInputStream(invocation.body()), headers, invocation.callId(), deadline);
    }
  }
}
