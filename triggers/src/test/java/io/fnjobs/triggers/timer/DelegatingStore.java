package io.fnjobs.triggers.timer;

import io.fnjobs.common.store.Versioned;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** A {@link ScheduleStore} that passes every call on, for tests that step in before one of them. */
class DelegatingStore implements ScheduleStore {

  private final ScheduleStore delegate;

  DelegatingStore(ScheduleStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public Optional<Versioned<TimerLease>> lease(String trigger) {
    return delegate.lease(trigger);
  }

  @Override
  public Versioned<TimerLease> writeLease(TimerLease lease, String etag) {
    return delegate.writeLease(lease, etag);
  }

  @Override
  public LeaseTaking takeLease(TimerLease wanted, Optional<Versioned<TimerLease>> known, Instant now) {
    return delegate.takeLease(wanted, known, now);
  }

  @Override
  public Optional<Versioned<SlotRecord>> slot(String trigger, Instant slot) {
    return delegate.slot(trigger, slot);
  }

  @Override
  public Optional<Versioned<SlotRecord>> claim(SlotRecord record) {
    return delegate.claim(record);
  }

  @Override
  public Versioned<SlotRecord> updateSlot(SlotRecord record, String etag) {
    return delegate.updateSlot(record, etag);
  }

  @Override
  public Optional<ScheduleStatus> status(String trigger) {
    return delegate.status(trigger);
  }

  @Override
  public ScheduleStatus updateStatus(String trigger, UnaryOperator<ScheduleStatus> change) {
    return delegate.updateStatus(trigger, change);
  }
}
