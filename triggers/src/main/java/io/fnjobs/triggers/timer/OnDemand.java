package io.fnjobs.triggers.timer;

import java.util.concurrent.CompletableFuture;

/** What a request to run a timer now came to. */
public sealed interface OnDemand {

  /** The run has its slot and the lease; {@code done} completes with the slot's final record. */
  record Started(SlotRecord record, CompletableFuture<SlotRecord> done) implements OnDemand {}

  /** Another run holds the lease: nothing was started. */
  record Busy(TimerLease holder) implements OnDemand {}

  /** The timer is not running (not connected yet, or stopping): nothing was started. */
  record Unavailable(String reason) implements OnDemand {}
}
