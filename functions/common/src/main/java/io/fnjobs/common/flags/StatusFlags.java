package io.fnjobs.common.flags;

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
   * Waits until the flag is terminal, or {@code timeout} has passed.
   *
   * @return the terminal flag, or empty on time-out
   */
  Optional<StatusFlag> awaitTerminal(String job, String subject, Duration timeout);
}
