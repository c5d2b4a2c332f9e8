package io.fnjobs.cleanup.rules;

import io.fnjobs.cleanup.progress.BatchSink;
import io.fnjobs.cleanup.progress.Position;

/** One pass of the cleanup over one part of the store, in key order, resumable at any batch. */
public interface Phase {

  /** The name positions carry. */
  String name();

  /**
   * Walks from {@code from} (a position of this phase) to the end, handing each batch of decisions to
   * {@code sink}.
   *
   * @return false when the sink said to stop
   */
  boolean walk(Position from, BatchSink sink);
}
