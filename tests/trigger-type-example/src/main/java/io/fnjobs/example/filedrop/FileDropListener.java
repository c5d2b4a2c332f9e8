package io.fnjobs.example.filedrop;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.runtime.ListenerState;
import io.fnjobs.triggers.runtime.SourceStatus;
import io.fnjobs.triggers.runtime.TriggerListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Looks at its folder every poll interval and invokes the function once per file, one file at a time.
 * The event is of kind {@code file-drop}, its {@code source} {@code {"folder", "file", "size"}}; its
 * idempotency key is the folder, the file's name and size, so the same file dropped again is the same
 * event. A settled file (succeeded, rejected, skipped) moves to {@code done/}; a failed one is tried
 * again at the next look, and after the definition's {@code delivery.maxAttempts} (or at once, when
 * poison) it is given up and moves to {@code failed/}. Attempts are counted in memory: an example, not
 * a type for several replicas.
 */
final class FileDropListener implements TriggerListener {

  private static final Logger LOG = LoggerFactory.getLogger(FileDropListener.class);

  private final TriggerDefinition definition;
  private final FunctionRef function;
  private final Invoker invoker;
  private final FileDropSource source;
  private final SourceStatus status;
  private final Map<String, Integer> attempts = new ConcurrentHashMap<>();
  private volatile ListenerState state = ListenerState.created;
  private volatile String lastError = "";
  private ScheduledExecutorService looks;

  FileDropListener(TriggerDefinition definition, FunctionRef function, Invoker invoker, Clock clock) {
    this.definition = definition;
    this.function = function;
    this.invoker = invoker;
    this.source = definition.source(FileDropSource.class);
    this.status = new SourceStatus("folder " + source.folder(), clock);
  }

  @Override
  public TriggerDefinition definition() {
    return definition;
  }

  @Override
  public synchronized void start() {
    state = ListenerState.connecting;
    looks = Executors.newSingleThreadScheduledExecutor(work -> {
      Thread thread = new Thread(work, "file-drop-" + definition.name());
      thread.setDaemon(true);
      return thread;
    });
    looks.scheduleWithFixedDelay(this::look, 0, source.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void stop(Duration wait) {
    state = ListenerState.stopping;
    looks.shutdown();
    try {
      looks.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    state = ListenerState.stopped;
  }

  private void look() {
    List<Path> files;
    try (Stream<Path> entries = Files.list(source.folder())) {
      files = entries.filter(Files::isRegularFile).sorted().toList();
      status.succeeded();
      lastError = "";
      state = ListenerState.connected;
    } catch (IOException | UncheckedIOException e) {
      lastError = "cannot list " + source.folder() + ": " + e.getMessage();
      status.failed(new IllegalStateException(lastError));
      LOG.warn("trigger={} function={} {}", definition.name(), definition.function(), lastError);
      return;
    }
    for (Path file : files) {
      if (state != ListenerState.connected) {
        return;
      }
      deliver(file);
    }
  }

  private void deliver(Path file) {
    String name = file.getFileName().toString();
    long size;
    try {
      size = Files.size(file);
    } catch (IOException gone) {
      return;
    }
    TriggerEvent event = TriggerEvent.ofSource(definition.name(), FileDropSource.TYPE, name,
        "file-drop:" + source.folder().toAbsolutePath() + "/" + name + ":" + size,
        Map.of("folder", source.folder().toString(), "file", name, "size", size));
    int attempt = attempts.merge(name, 1, Integer::sum);
    RunRecord run = invoker.invoke(definition, function, event, attempt, false);
    if (settled(run.outcome())) {
      attempts.remove(name);
      moveTo(file, "done");
    } else if (run.outcome() == Outcome.poison || attempt >= definition.delivery().maxAttempts()) {
      attempts.remove(name);
      invoker.giveUp(definition, event, attempt, run.error() != null ? run.error()
          : new FlagError("file-drop-gave-up", "attempt " + attempt + " " + run.outcome() + ": " + run.detail()));
      moveTo(file, "failed");
    } else if (run.outcome() == Outcome.throttled || run.outcome() == Outcome.deferred) {
      attempts.merge(name, -1, Integer::sum); // the function did not run: no attempt spent
    }
  }

  private static boolean settled(Outcome outcome) {
    return outcome == Outcome.succeeded || outcome == Outcome.rejected || outcome == Outcome.skipped;
  }

  private void moveTo(Path file, String folder) {
    try {
      Path target = Files.createDirectories(source.folder().resolve(folder)).resolve(file.getFileName());
      Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.warn("trigger={} function={} event={} cannot be moved to {}/: {}", definition.name(),
          definition.function(), file.getFileName(), folder, e.toString());
    }
  }

  @Override
  public ListenerState state() {
    return state;
  }

  @Override
  public String lastError() {
    return lastError;
  }

  @Override
  public List<SourceStatus> sources() {
    return List.of(status);
  }

  @Override
  public Map<String, Object> details() {
    return Map.of("folder", source.folder().toString(), "pollInterval", source.pollInterval().toString());
  }
}
