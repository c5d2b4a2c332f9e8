package io.fnjobs.triggers.timer;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.VersionedObject;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link ScheduleStore} in the state bucket, where {@link StateLayout#timer} says: {@code lease.json},
 * {@code slots/<slot>.json} (the slot as an ISO-8601 instant in UTC) and {@code status.json}.
 */
public final class ObjectStoreScheduleStore implements ScheduleStore {

  private static final String CONTENT_TYPE = "application/json";
  // each lost race means another instance moved the status on; this many in a row means a loop
  private static final int MAX_RACES = 32;

  private final ConditionalStore store;

  public ObjectStoreScheduleStore(ConditionalStore store) {
    this.store = store;
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
    return read(leaseKey(trigger), TimerLease.class);
  }

  @Override
  public Versioned<TimerLease> writeLease(TimerLease lease, String etag) {
    return write(leaseKey(lease.trigger()), lease, etag);
  }

  @Override
  public Optional<Versioned<SlotRecord>> slot(String trigger, Instant slot) {
    return read(slotKey(trigger, slot), SlotRecord.class);
  }

  @Override
  public Optional<Versioned<SlotRecord>> claim(SlotRecord record) {
    try {
      return Optional.of(write(slotKey(record.trigger(), record.slotInstant()), record, null));
    } catch (PreconditionFailedException claimedBefore) {
      return Optional.empty();
    }
  }

  @Override
  public Versioned<SlotRecord> updateSlot(SlotRecord record, String etag) {
    return write(slotKey(record.trigger(), record.slotInstant()), record, etag);
  }

  @Override
  public Optional<ScheduleStatus> status(String trigger) {
    return read(statusKey(trigger), ScheduleStatus.class).map(Versioned::value);
  }

  @Override
  public ScheduleStatus updateStatus(String trigger, UnaryOperator<ScheduleStatus> change) {
    String key = statusKey(trigger);
    for (int race = 0; race < MAX_RACES; race++) {
      Optional<Versioned<ScheduleStatus>> current = read(key, ScheduleStatus.class);
      ScheduleStatus changed = change.apply(current.map(Versioned::value).orElse(ScheduleStatus.empty(trigger)));
      try {
        write(key, changed, current.map(Versioned::etag).orElse(null));
        return changed;
      } catch (PreconditionFailedException raced) {
        // another instance wrote the status in between: apply the change to what it wrote
      }
    }
    throw new IllegalStateException("the status of timer " + trigger + " (" + store.bucket() + "/" + key + ") lost "
        + MAX_RACES + " races in a row: is something rewriting it in a loop?");
  }

  private <T> Optional<Versioned<T>> read(String key, Class<T> type) {
    return store.read(key).map(object -> parse(key, object, type));
  }

  private <T> Versioned<T> parse(String key, VersionedObject object, Class<T> type) {
    return new Versioned<>(Json.read(object.bytes(), type, store.bucket() + "/" + key), object.etag());
  }

  private <T> Versioned<T> write(String key, T value, String etag) {
    byte[] bytes = Json.write(value);
    String written = etag == null ? store.create(key, bytes, CONTENT_TYPE) : store.replace(key, bytes, CONTENT_TYPE, etag);
    return new Versioned<>(value, written);
  }
}
