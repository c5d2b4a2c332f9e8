package io.fnjobs.thumbnail;

import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.flags.StatusFlags;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The real flags with a cue: the first write that matches runs the cue before it goes on to the store.
 * A test puts there what happened elsewhere meanwhile, e.g. a newer upload and its whole invocation
 * between an older invocation's work and its last flag write.
 */
final class CueingFlags implements StatusFlags {

  private final StatusFlags flags;
  private final AtomicReference<Cue> cue = new AtomicReference<>();

  CueingFlags(StatusFlags flags) {
    this.flags = flags;
  }

  /** Runs {@code action} once, just before the first write of a flag that {@code when} matches. */
  void cue(Predicate<StatusFlag> when, Runnable action) {
    cue.set(new Cue(when, action));
  }

  /** Whether the cue has run. */
  boolean cueRan() {
    return cue.get() == null;
  }

  @Override
  public Optional<StatusFlag> get(String job, String subject) {
    return flags.get(job, subject);
  }

  @Override
  public StatusFlag write(StatusFlag flag) {
    Cue pending = cue.get();
    if (pending != null && pending.when().test(flag) && cue.compareAndSet(pending, null)) {
      pending.action().run();
    }
    return flags.write(flag);
  }

  @Override
  public Optional<StatusFlag> awaitTerminal(String job, String subject, Duration timeout) {
    return flags.awaitTerminal(job, subject, timeout);
  }

  private record Cue(Predicate<StatusFlag> when, Runnable action) {}
}
