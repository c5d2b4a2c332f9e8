package io.fnjobs.triggers.control;

import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.Decision;
import io.fnjobs.common.store.RaceLimit;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.common.store.VersionedDocuments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The paused triggers in the state bucket ({@link StateLayout#PAUSES}): shared by every trigger-layer
 * instance, and kept across restarts. Pauses and resumes replace the document conditionally (created
 * with {@code If-None-Match: *}, then {@code If-Match}), so that instances changing it at once never
 * undo each other.
 *
 * <p>{@link #isPaused} answers from a copy read at most {@code refresh} ago (one GET per refresh per
 * instance, not one per event); this instance's own pauses and resumes count at once, other instances'
 * within {@code refresh}. A refresh that fails keeps the last copy, so a store that is briefly away
 * neither pauses nor resumes anything.
 */
public final class SharedPauses implements PauseSwitch {

  /** How old an answer of {@link #isPaused} may be: how soon other instances see a pause. */
  public static final Duration REFRESH = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(SharedPauses.class);

  private final VersionedDocuments<PausedTriggers> documents;
  private final Clock clock;
  private final Duration refresh;
  private final ReentrantLock refreshing = new ReentrantLock();
  private volatile Snapshot snapshot;

  private record Snapshot(PausedTriggers triggers, Instant readAt) {}

  private SharedPauses(VersionedDocuments<PausedTriggers> documents, Clock clock, Duration refresh,
      PausedTriggers first) {
    this.documents = documents;
    this.clock = clock;
    this.refresh = refresh;
    this.snapshot = new Snapshot(first, clock.instant());
  }

  /**
   * Reads the pauses once, so that a trigger paused before a restart starts paused.
   *
   * @throws RuntimeException when the state bucket cannot be read
   */
  public static SharedPauses load(ConditionalStore store, Clock clock, Duration refresh) {
    VersionedDocuments<PausedTriggers> documents = new VersionedDocuments<>(store, PausedTriggers.class, "the paused triggers");
    return new SharedPauses(documents, clock, refresh, read(documents));
  }

  @Override
  public boolean isPaused(String trigger) {
    return cached().paused().containsKey(trigger);
  }

  /** The pauses as this instance last read them, at most {@code refresh} ago; for the hot path and health. */
  public Map<String, Pause> cachedPauses() {
    return cached().paused();
  }

  /** The pauses as stored now (a read of the state bucket); the last copy if it cannot be read. */
  public Map<String, Pause> current() {
    refreshNow();
    return snapshot.triggers().paused();
  }

  /** A trigger's pause, and whether this request paused it (rather than finding it paused already). */
  public record Paused(Pause pause, boolean changed) {}

  /**
   * Pauses {@code trigger}, unless it is paused already; the first pause stands.
   *
   * @return the trigger's pause: this one, or the one it had
   */
  public Paused pause(String trigger, String reason) {
    Pause pause = new Pause(clock.instant().toString(), reason == null || reason.isBlank() ? null : reason.trim());
    PausedTriggers after = change(current -> current.paused().containsKey(trigger) ? current : current.with(trigger, pause));
    Pause stands = after.paused().get(trigger);
    return new Paused(stands, stands == pause);
  }

  /**
   * Resumes {@code trigger}.
   *
   * @return the pause it had, or empty when it was not paused
   */
  public Optional<Pause> resume(String trigger) {
    Pause[] had = new Pause[1];
    change(current -> {
      had[0] = current.paused().get(trigger);
      return had[0] == null ? current : current.without(trigger);
    });
    return Optional.ofNullable(had[0]);
  }

  // another instance may change the pauses in between: the change then applies to what it wrote
  private PausedTriggers change(UnaryOperator<PausedTriggers> change) {
    return documents.update(StateLayout.PAUSES, current -> {
      PausedTriggers before = current.map(Versioned::value).orElse(PausedTriggers.NONE);
      PausedTriggers after = change.apply(before);
      return after.equals(before) ? Decision.leave(() -> remember(before)) : Decision.write(after, written -> remember(after));
    }, RaceLimit.SHARED);
  }

  private PausedTriggers remember(PausedTriggers triggers) {
    snapshot = new Snapshot(triggers, clock.instant());
    return triggers;
  }

  private PausedTriggers cached() {
    Snapshot current = snapshot;
    if (Duration.between(current.readAt(), clock.instant()).compareTo(refresh) >= 0) {
      refreshIfStale();
    }
    return snapshot.triggers();
  }

  // one reader at a time, and no thread waits for it: the others answer from the copy they have, so a
  // store that is slow to fail (the client's retries) holds up one event, not every worker
  private void refreshIfStale() {
    if (!refreshing.tryLock()) {
      return;
    }
    try {
      if (Duration.between(snapshot.readAt(), clock.instant()).compareTo(refresh) >= 0) {
        refreshNow();
      }
    } finally {
      refreshing.unlock();
    }
  }

  private void refreshNow() {
    try {
      remember(read(documents));
    } catch (RuntimeException e) {
      // keep the last copy; look again after another refresh period
      snapshot = new Snapshot(snapshot.triggers(), clock.instant());
      LOG.warn("cannot read the paused triggers at {}/{}, keeping the last known ({} paused), next try in {}: {}",
          documents.bucket(), StateLayout.PAUSES, snapshot.triggers().paused().size(), refresh, e.toString());
    }
  }

  private static PausedTriggers read(VersionedDocuments<PausedTriggers> documents) {
    return documents.read(StateLayout.PAUSES).map(Versioned::value).orElse(PausedTriggers.NONE);
  }
}
