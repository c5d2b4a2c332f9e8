package io.fnjobs.cleanup.progress;

import java.util.List;

/** Where a phase hands its decisions: the run checkpoints them, does them, and counts them. */
public interface BatchSink {

  /**
   * Checkpoints {@code ops} as the changes decided up to {@code after}, then does them (unless the run
   * is a dry run). An empty batch just records the position.
   *
   * @return false when the run must stop now (its time budget is used up): the phase returns at once
   */
  boolean submit(List<Op> ops, Position after);

  /** Something that could not be read or done; the run goes on with the rest. */
  void problem(Problem problem);
}
