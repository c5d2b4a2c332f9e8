package io.fnjobs.common.flags;

/**
 * The states of a unit of work, in the order a flag may move through them for one attempt; the last
 * three are terminal. {@code succeeded} and {@code rejected} are final for an idempotency key:
 * {@code failed} may be followed by a later attempt.
 */
public enum FlagState {
  pending,
  running,
  failed,
  succeeded,
  rejected;

  public boolean terminal() {
    return this == failed || this == succeeded || this == rejected;
  }

  /** Final for its idempotency key: no later write for that key changes it. */
  public boolean settled() {
    return this == succeeded || this == rejected;
  }
}
