package io.fnjobs.triggers.timer;

import io.fnjobs.common.store.Versioned;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The shared state of timers in the state bucket: per trigger one lease, one record per slot and one
 * status. Every write is conditional, so that any number of instances agree on who runs what.
 */
public interface ScheduleStore {

  Optional<Versioned<TimerLease>> lease(String trigger);

  /**
   * Writes the lease if it is still as read: {@code etag} of the lease read, or {@code null} when
   * there was none.
   *
   * @throws io.fnjobs.common.store.PreconditionFailedException when another owner wrote it first
   */
  Versioned<TimerLease> writeLease(TimerLease lease, String etag);

  /**
   * Takes the trigger's lease as {@code wanted} unless another run holds it at {@code now}: decides
   * first from {@code known} (the lease as read moments ago, empty where there was none) and, after a
   * lost race, from the lease as it then stands. An expired or released lease is taken over.
   *
   * @throws io.fnjobs.common.store.LostRacesException when the lease changed under every try
   */
  LeaseTaking takeLease(TimerLease wanted, Optional<Versioned<TimerLease>> known, Instant now);

  Optional<Versioned<SlotRecord>> slot(String trigger, Instant slot);

  /**
   * Creates the slot's record: the claim to run it.
   *
   * @return the record, or empty when the slot has a record already (it was claimed before)
   */
  Optional<Versioned<SlotRecord>> claim(SlotRecord record);

  /**
   * Replaces the slot's record if it is still at {@code etag}.
   *
   * @throws io.fnjobs.common.store.PreconditionFailedException when it changed
   */
  Versioned<SlotRecord> updateSlot(SlotRecord record, String etag);

  Optional<ScheduleStatus> status(String trigger);

  /** Applies {@code change} to the status (an empty one if there is none), retrying when it raced. */
  ScheduleStatus updateStatus(String trigger, UnaryOperator<ScheduleStatus> change);
}
