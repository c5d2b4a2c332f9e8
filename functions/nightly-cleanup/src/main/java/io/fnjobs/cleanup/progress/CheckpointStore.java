package io.fnjobs.cleanup.progress;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.JobNames;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.PreconditionFailedException;
import java.util.Optional;

/**
 * The checkpoints of cleanup runs, at {@code checkpoints/cleanup/<slot>.json} in the state bucket.
 * Each write is conditional on the last one this run made, so a run that another attempt of the same
 * slot has overtaken stops instead of both going on.
 */
public final class CheckpointStore {

  private final ConditionalStore store;

  public CheckpointStore(ConditionalStore store) {
    this.store = store;
  }

  /** A checkpoint with the ETag it was read or written at. */
  public record Stored(Checkpoint checkpoint, String etag) {}

  public static String key(String slot) {
    return StateLayout.checkpoint(JobNames.CLEANUP, slot);
  }

  public Optional<Stored> load(String slot) {
    return store.read(key(slot)).map(object ->
        new Stored(Json.read(object.bytes(), Checkpoint.class, store.bucket() + "/" + key(slot)), object.etag()));
  }

  /**
   * Writes the checkpoint over the one at {@code etag} (null: there was none).
   *
   * @throws CheckpointTakenOverException when another attempt of the slot wrote it meanwhile
   */
  public Stored save(Checkpoint checkpoint, String etag) {
    byte[] bytes = Json.write(checkpoint);
    String key = key(checkpoint.slot());
    try {
      String written = etag == null ? store.create(key, bytes, "application/json")
          : store.replace(key, bytes, "application/json", etag);
      return new Stored(checkpoint, written);
    } catch (PreconditionFailedException e) {
      throw new CheckpointTakenOverException(store.bucket() + "/" + key);
    }
  }

  public void delete(String slot) {
    store.delete(key(slot));
  }
}
