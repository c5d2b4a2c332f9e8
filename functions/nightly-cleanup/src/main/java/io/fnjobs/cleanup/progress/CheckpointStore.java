package io.fnjobs.cleanup.progress;

import io.fnjobs.common.layout.JobNames;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.common.store.VersionedDocuments;
import java.util.Optional;

/**
 * The checkpoints of cleanup runs, at {@code checkpoints/cleanup/<slot>.json} in the state bucket.
 * Each write is conditional on the last one this run made, so a run that another attempt of the same
 * slot has overtaken stops instead of both going on.
 */
public final class CheckpointStore {

  private final ConditionalStore store;
  private final VersionedDocuments<Checkpoint> checkpoints;

  public CheckpointStore(ConditionalStore store) {
    this.store = store;
    this.checkpoints = new VersionedDocuments<>(store, Checkpoint.class, "cleanup checkpoint");
  }

  public static String key(String slot) {
    return StateLayout.checkpoint(JobNames.CLEANUP, slot);
  }

  public Optional<Versioned<Checkpoint>> load(String slot) {
    return checkpoints.read(key(slot));
  }

  /**
   * Writes the checkpoint over the one at {@code etag} (null: there was none). A lost race is not
   * retried: the writer that won is another attempt of the slot, which carries on in this one's place.
   *
   * @throws CheckpointTakenOverException when another attempt of the slot wrote it meanwhile
   */
  public Versioned<Checkpoint> save(Checkpoint checkpoint, String etag) {
    String key = key(checkpoint.slot());
    try {
      return checkpoints.write(key, checkpoint, etag);
    } catch (PreconditionFailedException e) {
      throw new CheckpointTakenOverException(store.bucket() + "/" + key);
    }
  }

  public void delete(String slot) {
    store.delete(key(slot));
  }
}
