package io.fnjobs.triggers.timer;

import io.fnjobs.common.store.Versioned;

/** What came of taking a timer's lease ({@link ScheduleStore#takeLease}): taken, or held by another run. */
public sealed interface LeaseTaking {

  /** The lease is this owner's now, as written. */
  record Taken(Versioned<TimerLease> lease) implements LeaseTaking {}

  /** Another run holds the lease: {@code holder} says whose, for which slot, until when. */
  record Held(TimerLease holder) implements LeaseTaking {}
}
