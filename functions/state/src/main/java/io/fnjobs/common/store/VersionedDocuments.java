package io.fnjobs.common.store;

import io.fnjobs.common.json.Json;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * JSON documents of one type in a {@link ConditionalStore}, changed by "read, decide, write only if
 * unchanged, on a lost race read again and decide again": the one compare-and-swap loop of fnjobs.
 *
 * @param <T> the document type, read and written with {@link Json}
 */
public final class VersionedDocuments<T> {

  private static final String CONTENT_TYPE = "application/json";
  private static final IntConsumer NO_PAUSE = race -> { };

  private final ConditionalStore store;
  private final Class<T> type;
  private final String what;
  private final IntConsumer pauseAfterLostRace;

  /** @param what what the documents are, for messages ("status flag", "receipt") */
  public VersionedDocuments(ConditionalStore store, Class<T> type, String what) {
    this(store, type, what, NO_PAUSE);
  }

  private VersionedDocuments(ConditionalStore store, Class<T> type, String what, IntConsumer pauseAfterLostRace) {
    this.store = store;
    this.type = type;
    this.what = what;
    this.pauseAfterLostRace = pauseAfterLostRace;
  }

  /**
   * The same documents, pausing after each lost race (given its number from 0) before reading again:
   * for a document many writers share, so that racing writers spread out.
   */
  public VersionedDocuments<T> pausingAfterLostRace(IntConsumer pause) {
    return new VersionedDocuments<>(store, type, what, pause);
  }

  /** The bucket the documents are in, for messages. */
  public String bucket() {
    return store.bucket();
  }

  public Optional<Versioned<T>> read(String key) {
    return store.read(key).map(object ->
        new Versioned<>(Json.read(object.value(), type, store.bucket() + "/" + key), object.etag()));
  }

  /**
   * Creates the document where none is ({@code etag} null), else replaces it if it still has {@code etag}.
   *
   * @throws PreconditionFailedException when another writer came first
   */
  public Versioned<T> write(String key, T value, String etag) {
    byte[] bytes = Json.write(value);
    String written = etag == null ? store.create(key, bytes, CONTENT_TYPE) : store.replace(key, bytes, CONTENT_TYPE, etag);
    return new Versioned<>(value, written);
  }

  /**
   * Reads the document, lets {@code decide} and carries the decision out, deciding again after a lost
   * race; the decision's answer runs once, after its write won.
   *
   * @throws LostRacesException after {@code limit} lost races in a row
   */
  public <R> R update(String key, Function<Optional<Versioned<T>>, Decision<T, R>> decide, RaceLimit limit) {
    return updateFrom(key, null, decide, limit);
  }

  /**
   * As {@link #update}, but decides first from {@code known} (the document as a write of the caller's
   * left it, or empty where the caller knows none is) without reading it: a round trip saved on the
   * common path. Null means unknown: read first.
   */
  public <R> R updateFrom(String key, Optional<Versioned<T>> known,
      Function<Optional<Versioned<T>>, Decision<T, R>> decide, RaceLimit limit) {
    Optional<Versioned<T>> current = known;
    for (int race = 0; race < limit.races(); race++) {
      if (current == null) {
        current = read(key);
      }
      Decision<T, R> decision = decide.apply(current);
      if (decision instanceof Decision.Leave<T, R> leave) {
        return leave.answer().get();
      }
      if (decision instanceof Decision.Delete<T, R> delete) {
        store.delete(key);
        return delete.answer().get();
      }
      Decision.Write<T, R> write = (Decision.Write<T, R>) decision;
      Optional<Versioned<T>> written = tryWrite(key, write.value(), current);
      if (written.isPresent()) {
        return write.answer().apply(written.get());
      }
      pauseAfterLostRace.accept(race);
      current = null;
    }
    throw new LostRacesException(what, store.bucket(), key, limit.races());
  }

  /** The document written over {@code current}; empty when another writer came between the read and the write. */
  private Optional<Versioned<T>> tryWrite(String key, T value, Optional<Versioned<T>> current) {
    try {
      return Optional.of(write(key, value, current.map(Versioned::etag).orElse(null)));
    } catch (PreconditionFailedException lost) {
      return Optional.empty();
    }
  }

  /**
   * Runs {@code attempt} again while it loses a race ({@link PreconditionFailedException}): for work
   * whose writes are more than one decision on one document (an order placed over several steps).
   */
  public static <R> R retryingLostRaces(Supplier<R> attempt, RaceLimit limit, Supplier<RuntimeException> exhausted) {
    for (int race = 0; race < limit.races(); race++) {
      try {
        return attempt.get();
      } catch (PreconditionFailedException lost) {
        // another writer came first: the attempt reads what it wrote and decides again
      }
    }
    throw exhausted.get();
  }
}
