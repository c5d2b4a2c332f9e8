package io.fnjobs.cleanup.progress;

/**
 * Another attempt of the same slot wrote the checkpoint after this one last did: this attempt
 * outlived its deadline, and the other carries the run on. This one stops, leaving it alone.
 */
public final class CheckpointTakenOverException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  public CheckpointTakenOverException(String where) {
    super("the checkpoint " + where + " was written by another attempt of this run: this attempt stops;"
        + " if runs keep outliving their attempts, raise the function's timeout above CLEANUP_TIME_BUDGET");
  }
}
