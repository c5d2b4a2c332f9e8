package io.fnjobs.common.flags;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.VersionedObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link StatusFlags} in a bucket, each write conditional on what was read: {@code If-None-Match: *}
 * where no flag was, {@code If-Match} on the ETag read (or returned by the last write) otherwise.
 */
public final class ObjectStoreStatusFlags implements StatusFlags {

  private static final String CONTENT_TYPE = "application/json";
  private static final Duration POLL = Duration.ofMillis(100);
  private static final int MAX_RACES = 32;

  private final ConditionalStore store;
  private final Clock clock;

  public ObjectStoreStatusFlags(ConditionalStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  @Override
  public Optional<StatusFlag> get(String job, String subject) {
    return read(StatusFlag.keyOf(job, subject)).map(Versioned::flag);
  }

  @Override
  public StatusFlag write(StatusFlag flag) {
    return settle(flag).flag();
  }

  @Override
  public Optional<Versioned> read(String job, String subject) {
    return read(StatusFlag.keyOf(job, subject));
  }

  @Override
  public Versioned write(StatusFlag flag, Optional<Versioned> expected) {
    if (expected.isPresent() && expected.get().version() == null) {
      return settle(flag);
    }
    try {
      return writeOver(flag, expected);
    } catch (PreconditionFailedException changed) {
      // another writer came since it was read: compare with what it wrote
      return settle(flag);
    }
  }

  /** Reads, compares and writes until the write lands or the stored flag is ahead. */
  private Versioned settle(StatusFlag flag) {
    for (int race = 0; race < MAX_RACES; race++) {
      try {
        return writeOver(flag, read(flag.objectKey()));
      } catch (PreconditionFailedException raced) {
        // another writer got there first: compare with what it wrote
      }
    }
    throw new IllegalStateException("status flag " + store.bucket() + "/" + flag.objectKey() + " lost " + MAX_RACES
        + " races in a row: is something rewriting it in a loop?");
  }

  /** Creates the flag where none is, or replaces {@code current} if it moves forward; else keeps it. */
  private Versioned writeOver(StatusFlag flag, Optional<Versioned> current) {
    String key = flag.objectKey();
    if (current.isEmpty()) {
      return new Versioned(flag, store.create(key, Json.write(flag), CONTENT_TYPE));
    }
    if (!flag.supersedes(current.get().flag())) {
      return current.get();
    }
    return new Versioned(flag, store.replace(key, Json.write(flag), CONTENT_TYPE, current.get().version()));
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

  private Optional<Versioned> read(String key) {
    return store.read(key).map(object -> new Versioned(parse(key, object), object.etag()));
  }

  private StatusFlag parse(String key, VersionedObject object) {
    return Json.read(object.bytes(), StatusFlag.class, store.bucket() + "/" + key);
  }
}
