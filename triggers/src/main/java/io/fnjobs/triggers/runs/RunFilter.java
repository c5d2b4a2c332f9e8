package io.fnjobs.triggers.runs;

import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.util.function.Predicate;

/**
 * Which runs to keep while reading the history. An idempotency key names one event across its
 * attempts, deferrals, replays and redrives; it matches the run's key, and also a key that one of them
 * narrows or widens by {@code #} parts: the thumbnail function narrows the trigger layer's
 * {@code blob:<bucket>/<key>#etag:<etag>} with the upload's time, which its flag carries, and
 * {@code blob:<bucket>/<key>} follows every version of an object.
 */
public final class RunFilter {

  /** Keeps every run. */
  public static final RunFilter ALL = new RunFilter(run -> true, true);

  private final Predicate<RunRecord> keep;
  private final boolean all;

  private RunFilter(Predicate<RunRecord> keep, boolean all) {
    this.keep = keep;
    this.all = all;
  }

  /** Runs with every criterion given; a null criterion is not applied. */
  public static RunFilter of(Outcome outcome, String subject, String key) {
    if (outcome == null && subject == null && key == null) {
      return ALL;
    }
    return new RunFilter(run -> (outcome == null || run.outcome() == outcome)
        && (subject == null || subject.equals(run.subject()))
        && (key == null || sameEvent(run.idempotencyKey(), key)), false);
  }

  /**
   * The runs of a flag's unit of work: those about its subject (of its job, or of no job named: a
   * failure without a reply), and those of the event the flag was last written for.
   */
  public static RunFilter of(StatusFlag flag) {
    return new RunFilter(run -> (flag.subject().equals(run.subject()) && (run.job() == null || flag.job().equals(run.job())))
        || sameEvent(run.idempotencyKey(), flag.idempotencyKey()), false);
  }

  /** Runs whose reply named their job. */
  public static RunFilter namingAJob() {
    return new RunFilter(run -> run.job() != null, false);
  }

  public boolean matches(RunRecord run) {
    return keep.test(run);
  }

  /** Whether every run matches: then a page reads no more records than it returns. */
  public boolean keepsAll() {
    return all;
  }

  static boolean sameEvent(String runKey, String key) {
    return runKey != null && (runKey.equals(key) || key.startsWith(runKey + "#") || runKey.startsWith(key + "#"));
  }
}
