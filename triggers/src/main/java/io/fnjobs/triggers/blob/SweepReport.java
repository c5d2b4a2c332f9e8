package io.fnjobs.triggers.blob;

/**
 * What one reconciliation sweep did: entries listed (object versions and delete markers too, where the
 * bucket keeps versions), how many current objects the trigger watches, how many of those had no
 * settled receipt and were handed to the workers, how many removals it noticed (objects gone whose
 * receipts say they were processed) and handed over, whether it listed versions, and how long it took.
 */
public record SweepReport(String startedAt, long listed, long watched, long dispatched, long removals,
    boolean versions, long millis) {

  /** A sweep without versions or removals. */
  public SweepReport(String startedAt, long listed, long watched, long dispatched, long millis) {
    this(startedAt, listed, watched, dispatched, 0, false, millis);
  }

  /** Objects listed per second: what a sweep costs. */
  public double objectsPerSecond() {
    return millis == 0 ? listed * 1000.0 : listed * 1000.0 / millis;
  }
}
