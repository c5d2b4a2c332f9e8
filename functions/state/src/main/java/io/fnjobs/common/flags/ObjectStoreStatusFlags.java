package io.fnjobs.common.flags;

import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.Decision;
import io.fnjobs.common.store.RaceLimit;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.common.store.VersionedDocuments;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link StatusFlags} in a bucket, each write conditional on what was read: {@code If-None-Match: *}
 * where no flag was, {@code If-Match} on the ETag read (or returned by the last write) otherwise.
 */
public final class ObjectStoreStatusFlags implements StatusFlags {

  private static final Duration POLL = Duration.ofMillis(100);

  private final VersionedDocuments<StatusFlag> flags;
  private final Clock clock;

  public ObjectStoreStatusFlags(ConditionalStore store, Clock clock) {
    this.flags = new VersionedDocuments<>(store, StatusFlag.class, "status flag");
    this.clock = clock;
  }

  @Override
  public Optional<StatusFlag> get(String job, String subject) {
    return flags.read(StatusFlag.keyOf(job, subject)).map(Versioned::value);
  }

  @Override
  public StatusFlag write(StatusFlag flag) {
    return settle(flag).value();
  }

  @Override
  public Optional<Versioned<StatusFlag>> read(String job, String subject) {
    return flags.read(StatusFlag.keyOf(job, subject));
  }

  @Override
  public Versioned<StatusFlag> write(StatusFlag flag, Optional<Versioned<StatusFlag>> expected) {
    if (expected.isPresent() && expected.get().etag() == null) {
      return settle(flag);
    }
    // starts from what the caller read or wrote last: no read on the common path
    return flags.updateFrom(flag.objectKey(), expected, current -> writeOver(flag, current), RaceLimit.SHARED);
  }

  /** Reads, compares and writes until the write lands or the stored flag is ahead. */
  private Versioned<StatusFlag> settle(StatusFlag flag) {
    return flags.update(flag.objectKey(), current -> writeOver(flag, current), RaceLimit.SHARED);
  }

  /** Writes the flag where none is, or over {@code current} if it moves forward; else keeps it. */
  private static Decision<StatusFlag, Versioned<StatusFlag>> writeOver(StatusFlag flag,
      Optional<Versioned<StatusFlag>> current) {
    if (current.isPresent() && !flag.supersedes(current.get().value())) {
      return Decision.leave(current::get);
    }
    return Decision.write(flag, written -> written);
  }

  @Override
  public Optional<StatusFlag> awaitTerminal(String job, String subject, Duration timeout) {
    Instant giveUp = clock.instant().plus(timeout);
    while (true) {
      Optional<StatusFlag> flag = get(job, subject);
      if (flag.isPresent() && flag.get().state().terminal()) {
        return flag;
      }
      if (!clock.instant().isBefore(giveUp)) {
        return Optional.empty();
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }
}
