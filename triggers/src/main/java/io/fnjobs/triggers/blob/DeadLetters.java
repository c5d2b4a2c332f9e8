package io.fnjobs.triggers.blob;

import java.util.List;
import java.util.Optional;

/** The dead letters of the blob triggers, shared by every instance of the trigger layer. */
public interface DeadLetters {

  /** Keeps a dead letter, replacing an earlier one of the same change. */
  void put(DeadLetter letter);

  /** Up to {@code limit} dead letters of a trigger, in the order of their ids. */
  List<DeadLetter> list(String trigger, int limit);

  Optional<DeadLetter> find(String trigger, String id);

  /** Drops a dead letter, once it is replayed; dropping a missing one is not an error. */
  void delete(String trigger, String id);
}
