package io.fnjobs.common.flags;

import io.fnjobs.common.store.Versioned;
import java.time.Duration;
import java.util.Optional;

/**
 * The status flags of the state bucket: one JSON object per unit of work, which writers only ever move
 * forward and callers read.
 */
public interface StatusFlags {

  Optional<StatusFlag> get(String job, String subject);

  /**
   * Writes {@code flag} unless the stored flag is already ahead of it (see
   * {@link StatusFlag#supersedes}); concurrent writers are settled by conditional writes.
   *
   * @return the flag stored afterwards: {@code flag}, or the one that was ahead
   */
  StatusFlag write(StatusFlag flag);

  /**
   * The flag with the version it was read at, so that a writer who read it can write over it later
   * without reading it again ({@link #write(StatusFlag, Optional)}).
   */
  default Optional<Versioned<StatusFlag>> read(String job, String subject) {
    return get(job, subject).map(flag -> new Versioned<>(flag, null));
  }

  /**
   * Writes {@code flag} as {@link #write(StatusFlag)} does, trusting {@code expected} (empty: no flag)
   * to be what is stored: no read while it still is; another writer's change since is read and
   * compared as usual.
   *
   * @return the flag stored afterwards, with its version
   */
  default Versioned<StatusFlag> write(StatusFlag flag, Optional<Versioned<StatusFlag>> expected) {
    return new Versioned<>(write(flag), null);
  }

  /**
   * Waits until the flag is terminal, or {@code timeout} has passed.
   *
   * @return the terminal flag, or empty on time-out
   */
  Optional<StatusFlag> awaitTerminal(String job, String subject, Duration timeout);
}
