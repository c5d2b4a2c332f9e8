package io.fnjobs.triggers.blob;

import io.fnjobs.common.store.Versioned;

/** What {@link Receipts#claim} answers. */
public sealed interface Claim {

  /**
   * This instance now processes the version: its receipt as stored, with the ETag the next conditional
   * write needs.
   */
  record Held(Versioned<Receipt> stored) implements Claim {

    public Receipt receipt() {
      return stored.value();
    }
  }

  /** The version is settled already: a duplicate event, nothing to do. */
  record Settled(Receipt receipt) implements Claim {}

  /** Another instance processes the version and its hold has not run out. */
  record HeldElsewhere(Receipt receipt) implements Claim {}
}
