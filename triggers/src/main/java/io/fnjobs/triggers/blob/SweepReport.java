package io.fnjobs.triggers.blob;

/**
 * What one reconciliation sweep did: objects listed, how many the trigger watches, how many of those
 * had no settled receipt and were handed to the workers, and how long it took.
 */
public record SweepReport(String startedAt, long listed, long watched, long dispatched, long millis) {

  /** Objects listed per second: what a sweep costs. */
  public double objectsPerSecond() {
    return millis == 0 ? listed * 1000.0 : listed * 1000.0 / millis;
  }
}
