package io.fnjobs.triggers.blob;

/** What {@link Receipts#claim} answers. */
public sealed interface Claim {

  /** This instance now processes the version; {@code etag} is what the next conditional write needs. */
  record Held(Receipt receipt, String etag) implements Claim {}

  /** The version is settled already: a duplicate event, nothing to do. */
  record Settled(Receipt receipt) implements Claim {}

  /** Another instance processes the version and its hold has not run out. */
  record HeldElsewhere(Receipt receipt) implements Claim {}
}
