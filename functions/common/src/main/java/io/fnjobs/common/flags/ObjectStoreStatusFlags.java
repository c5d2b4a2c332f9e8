package io.fnjobs.common.flags;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.VersionedObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** {@link StatusFlags} in a bucket, each write conditional on what was read. */
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
    return read(StatusFlag.keyOf(job, subject)).map(Stored::flag);
  }

  @Override
  public StatusFlag write(StatusFlag flag) {
    String key = flag.objectKey();
    byte[] bytes = Json.write(flag);
    for (int race = 0; race < MAX_RACES; race++) {
      Optional<Stored> current = read(key);
      try {
        if (current.isEmpty()) {
          store.create(key, bytes, CONTENT_TYPE);
          return flag;
        }
        if (!flag.supersedes(current.get().flag())) {
          return current.get().flag();
        }
        store.replace(key, bytes, CONTENT_TYPE, current.get().etag());
        return flag;
      } catch (PreconditionFailedException raced) {
        // another writer got there first: compare with what it wrote
      }
    }
    throw new IllegalStateException("status flag " + store.bucket() + "/" + key + " lost " + MAX_RACES
        + " races in a row: is something rewriting it in a loop?");
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

  private Optional<Stored> read(String key) {
    return store.read(key).map(object -> new Stored(parse(key, object), object.etag()));
  }

  private StatusFlag parse(String key, VersionedObject object) {
    return Json.read(object.bytes(), StatusFlag.class, store.bucket() + "/" + key);
  }

  private record Stored(StatusFlag flag, String etag) {}
}
