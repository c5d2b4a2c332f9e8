package io.fnjobs.triggers.timer;

import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.Decision;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.RaceLimit;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.common.store.VersionedDocuments;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link ScheduleStore} in the state bucket, where {@link StateLayout#timer} says: {@code lease.json},
 * {@code slots/<slot>.json} (the slot as an ISO-8601 instant in UTC) and {@code status.json}.
 */
public final class ObjectStoreScheduleStore implements ScheduleStore {

  private final VersionedDocuments<TimerLease> leases;
  private final VersionedDocuments<SlotRecord> slots;
  private final VersionedDocuments<ScheduleStatus> statuses;

  public ObjectStoreScheduleStore(ConditionalStore store) {
    this.leases = new VersionedDocuments<>(store, TimerLease.class, "timer lease");
    this.slots = new VersionedDocuments<>(store, SlotRecord.class, "slot record");
    this.statuses = new VersionedDocuments<>(store, ScheduleStatus.class, "timer status");
  }

  static String leaseKey(String trigger) {
    return StateLayout.timer(trigger, "lease.json");
  }

  static String slotKey(String trigger, Instant slot) {
    return slotsPrefix(trigger) + slot + ".json";
  }

  /** Where the slot records of a timer are: a prefix. */
  static String slotsPrefix(String trigger) {
    return StateLayout.timer(trigger, "slots/");
  }

  static String statusKey(String trigger) {
    return StateLayout.timer(trigger, "status.json");
  }

  @Override
  public Optional<Versioned<TimerLease>> lease(String trigger) {
    return leases.read(leaseKey(trigger));
  }

  @Override
  public Versioned<TimerLease> writeLease(TimerLease lease, String etag) {
    return leases.write(leaseKey(lease.trigger()), lease, etag);
  }

  @Override
  public LeaseTaking takeLease(TimerLease wanted, Optional<Versioned<TimerLease>> known, Instant now) {
    // instances race for the lease of one trigger: the loser decides again from what the winner wrote
    return leases.updateFrom(leaseKey(wanted.trigger()), known, current -> current
        .filter(lease -> !lease.value().freeAt(now))
        .<Decision<TimerLease, LeaseTaking>>map(held -> Decision.leave(() -> new LeaseTaking.Held(held.value())))
        .orElseGet(() -> Decision.write(wanted, LeaseTaking.Taken::new)), RaceLimit.SHARED);
  }

  @Override
  public Optional<Versioned<SlotRecord>> slot(String trigger, Instant slot) {
    return slots.read(slotKey(trigger, slot));
  }

  @Override
  public Optional<Versioned<SlotRecord>> claim(SlotRecord record) {
    try {
      return Optional.of(slots.write(slotKey(record.trigger(), record.slotInstant()), record, null));
    } catch (PreconditionFailedException claimedBefore) {
      return Optional.empty();
    }
  }

  @Override
  public Versioned<SlotRecord> updateSlot(SlotRecord record, String etag) {
    return slots.write(slotKey(record.trigger(), record.slotInstant()), record, etag);
  }

  @Override
  public Optional<ScheduleStatus> status(String trigger) {
    return statuses.read(statusKey(trigger)).map(Versioned::value);
  }

  @Override
  public ScheduleStatus updateStatus(String trigger, UnaryOperator<ScheduleStatus> change) {
    // another instance may write the status in between: the change then applies to what it wrote
    return statuses.update(statusKey(trigger), current -> Decision.write(
        change.apply(current.map(Versioned::value).orElse(ScheduleStatus.empty(trigger))), Versioned::value),
        RaceLimit.SHARED);
  }
}
