package io.fnjobs.triggers.runtime;

import io.fnjobs.common.retry.Backoff;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener that first reaches its source, retrying with backoff until it does, and then runs its
 * source-specific work. Subclasses say how to check the source ({@link #connect()}) and what to do once
 * connected ({@link #onConnected()}); their work reports whether each source still answers to the
 * {@link SourceStatus} it declared with {@link #declareSource(String)}.
 */
public abstract class ConnectingListener implements TriggerListener {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectingListener.class);
  private static final Backoff RETRY_WAIT = Backoff.doubling(Duration.ofMillis(200), Duration.ofSeconds(10));

  protected final TriggerDefinition definition;
  protected final FunctionRef function;
  private final Clock clock;
  private final List<SourceStatus> sources = new CopyOnWriteArrayList<>();
  private final AtomicReference<ListenerState> state = new AtomicReference<>(ListenerState.created);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile String lastError = "";
  private volatile Thread connector;

  protected ConnectingListener(TriggerDefinition definition, FunctionRef function, Clock clock) {
    this.definition = definition;
    this.function = function;
    this.clock = clock;
  }

  /** Declares a source the work reads; it reports to the status returned. */
  protected final SourceStatus declareSource(String name) {
    SourceStatus status = new SourceStatus(name, clock);
    sources.add(status);
    return status;
  }

  /** Checks that the source is reachable; throws with the reason when it is not. */
  protected abstract void connect();

  /** Starts the source-specific work; called once, after the first successful {@link #connect()}. */
  protected void onConnected() {}

  /** Stops the source-specific work within {@code wait}. */
  protected void onStop(Duration wait) {}

  @Override
  public TriggerDefinition definition() {
    return definition;
  }

  @Override
  public void start() {
    if (!state.compareAndSet(ListenerState.created, ListenerState.connecting)) {
      throw new IllegalStateException("trigger " + definition.name() + " was already started");
    }
    Thread thread = new Thread(this::connectUntilStopped, "connect-" + definition.name());
    thread.setDaemon(true);
    connector = thread;
    thread.start();
  }

  private void connectUntilStopped() {
    int failures = 0;
    while (state.get() == ListenerState.connecting) {
      Duration retryWait = RETRY_WAIT.delayAfter(++failures);
      try {
        connect();
        // one lock with stop(): work never starts after a stop has begun
        synchronized (this) {
          if (state.compareAndSet(ListenerState.connecting, ListenerState.connected)) {
            lastError = "";
            sources.forEach(SourceStatus::succeeded);
            LOG.info("trigger={} function={} source connected", definition.name(), function);
            onConnected();
          }
        }
        return;
      } catch (RuntimeException e) {
        lastError = String.valueOf(e.getMessage());
        LOG.warn("trigger={} function={} cannot reach its source, retrying in {}: {}",
            definition.name(), function, retryWait, lastError);
      }
      if (awaitStop(retryWait)) {
        return;
      }
    }
  }

  private boolean awaitStop(Duration wait) {
    try {
      return stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  @Override
  public void stop(Duration wait) {
    ListenerState previous;
    synchronized (this) {
      previous = state.getAndSet(ListenerState.stopping);
    }
    stopped.countDown();
    if (previous == ListenerState.connected) {
      onStop(wait);
    }
    Thread thread = connector;
    if (thread != null) {
      thread.interrupt();
    }
    state.set(ListenerState.stopped);
    LOG.info("trigger={} function={} stopped", definition.name(), function);
  }

  @Override
  public ListenerState state() {
    return state.get();
  }

  @Override
  public String lastError() {
    return lastError;
  }

  @Override
  public List<SourceStatus> sources() {
    return List.copyOf(sources);
  }

  @Override
  public Map<String, Object> details() {
    return Map.of();
  }
}
