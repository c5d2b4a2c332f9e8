package io.fnjobs.triggers.runs;

import java.util.List;
import java.util.Optional;

/**
 * The read side of the run history, for the admin API: pages of runs, newest first, each page read
 * with a bounded number of requests to the store.
 */
public interface RunHistory {

  /**
   * The newest runs of {@code triggers} started before the run {@code before} (null: from the newest),
   * that {@code filter} keeps: up to {@code limit}, reading up to {@code maxReads} records (when the
   * filter keeps every run, {@code limit} records).
   *
   * @param before a run id, or a {@link RunIds#cursorAt time cursor}
   */
  RunPage find(List<String> triggers, RunFilter filter, String before, int limit, int maxReads);

  /** One run, by its trigger and id; empty when there is none (or the id is not one). */
  Optional<StoredRun> get(String trigger, String id);
}
