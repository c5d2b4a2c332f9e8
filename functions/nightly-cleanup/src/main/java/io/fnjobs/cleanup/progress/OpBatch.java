package io.fnjobs.cleanup.progress;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes a phase gathers for its next batch, and how full the batch is: a batch is full when one
 * bucket has {@code limit} keys to delete (a delete request takes at most 1000), so that each request
 * carries as many keys as it can.
 */
public final class OpBatch {

  private final int limit;
  private final List<Op> ops = new ArrayList<>();
  private final Map<String, Integer> perBucket = new HashMap<>();
  private int fullest;

  public OpBatch(int limit) {
    this.limit = limit;
  }

  public void add(Op op) {
    ops.add(op);
    fullest = Math.max(fullest, perBucket.merge(op.bucket(), 1, Integer::sum));
  }

  public boolean full() {
    return fullest >= limit;
  }

  public List<Op> ops() {
    return ops;
  }

  public void clear() {
    ops.clear();
    perBucket.clear();
    fullest = 0;
  }
}
