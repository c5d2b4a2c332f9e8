package io.fnjobs.common.store;

/**
 * How many lost races in a row a compare-and-swap loop accepts before it gives up: each lost race
 * means another writer made progress, so running out means something rewrites the document in a loop.
 * The limit grows with how many writers share the document.
 */
public enum RaceLimit {

  /** A document of one unit of work, written by the few messages of that unit (an order's place and cancel). */
  FEW_WRITERS(16),
  /** A record that the invocations or trigger-layer instances of one key write (flags, idempotency, receipts, status). */
  SHARED(32),
  /** A counter every unit of work writes (the stock of an SKU, taken by every order of it). */
  HOT(64);

  private final int races;

  RaceLimit(int races) {
    this.races = races;
  }

  public int races() {
    return races;
  }
}
