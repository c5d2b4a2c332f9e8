package io.fnjobs.orders;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.job.RejectedException;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.RaceLimit;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.common.store.VersionedDocuments;
import io.fnjobs.orders.inventory.Reserve;
import io.fnjobs.orders.model.OrderMessage;
import io.fnjobs.orders.model.OrderStatus;
import io.fnjobs.orders.records.OrderRecords;
import io.fnjobs.orders.records.StoredOrder;
import io.fnjobs.orders.records.StoredOrder.Rejection;
import io.fnjobs.orders.records.StoredOrder.Reservation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Places an order: reserves the stock of each SKU, then creates the order confirmed, with its mail's
 * Message-ID, in one write ({@code If-None-Match: *}: the order is new on the common path, so it is
 * not read first), and mails the customer. Every step can run again after a crash: reservations
 * already held are skipped, the order is found, and its mail goes out with the same Message-ID.
 *
 * <p>Not enough stock (or an unknown SKU) rejects the order, after giving back everything already
 * reserved for it. A cancel always wins: a place that finds its order cancelled (or rejected, or
 * placed by another message) gives back whatever it reserved, and sends no confirmation.
 */
final class Placement {

  private final OrderWork work;
  private final OrderRecords records;

  Placement(OrderWork work) {
    this.work = work;
    this.records = work.records();
  }

  OrderResult place(OrderMessage order) {
    Reservations reserved = reserve(order);
    Optional<Versioned<StoredOrder>> created = createDecided(order, reserved);
    if (created.isPresent() && reserved.rejection() != null) {
      releaseAll(order);
      throw rejection(reserved.rejection(), reserved.reasons());
    }
    if (created.isPresent()) {
      return work.mailing().confirm(created.get());
    }
    // another message of this order wrote first: read what it wrote and decide again
    return VersionedDocuments.retryingLostRaces(() -> {
      Optional<Versioned<StoredOrder>> current = records.find(order.orderId());
      if (current.isEmpty()) {
        return reserveAndConfirm(order, records.create(StoredOrder.placing(order, work.now())));
      }
      return continueFrom(order, current.get());
    }, RaceLimit.FEW_WRITERS, () -> new OrderContentionException("order " + order.orderId() + " changed under "
        + RaceLimit.FEW_WRITERS.races() + " attempts to place it with sequence " + order.sequence()));
  }

  /**
   * Reserves every SKU until one falls short. Done before the order is written, which lets the order
   * take a single write; what was taken here is given back by whoever finds the order other than new,
   * or once the rejected order is written (not before: the stock held might be another message's).
   */
  private Reservations reserve(OrderMessage order) {
    List<Reservation> held = new ArrayList<>();
    for (Map.Entry<String, Integer> wanted : order.quantitiesBySku().entrySet()) {
      Reserve outcome = work.inventory().reserve(wanted.getKey(), order.orderId(), wanted.getValue());
      if (!(outcome instanceof Reserve.Held)) {
        return shortOf(wanted.getKey(), wanted.getValue(), outcome);
      }
      held.add(new Reservation(wanted.getKey(), wanted.getValue()));
    }
    return new Reservations(held, null, List.of());
  }

  /**
   * Creates the order as reserving decided it, confirmed or rejected; empty when it existed (a cancel
   * that came first, an earlier attempt, another message): the caller reads it and decides from it.
   */
  private Optional<Versioned<StoredOrder>> createDecided(OrderMessage order, Reservations reserved) {
    StoredOrder placing = StoredOrder.placing(order, work.now());
    StoredOrder decided = reserved.rejection() == null ? confirmed(placing, reserved.held(), order)
        : placing.rejected(reserved.rejection(), work.now());
    try {
      return Optional.of(records.create(decided));
    } catch (PreconditionFailedException exists) {
      return Optional.empty();
    }
  }

  private StoredOrder confirmed(StoredOrder placing, List<Reservation> held, OrderMessage order) {
    return placing.confirmed(held, work.messageId(order.orderId(), order.sequence(), "confirmation"), work.now());
  }

  private OrderResult continueFrom(OrderMessage order, Versioned<StoredOrder> current) {
    StoredOrder stored = current.value();
    boolean ours = stored.placedBy(order.sequence());
    return switch (stored.status()) {
      case placing -> {
        if (!ours) {
          throw new OrderContentionException("order " + order.orderId() + " is being placed by sequence "
              + stored.placeSequence() + "; sequence " + order.sequence() + " will be retried");
        }
        yield reserveAndConfirm(order, current);
      }
      case confirmed -> {
        if (ours) {
          yield work.mailing().confirm(current);
        }
        releaseNotHeldBy(order, stored);
        yield OrderResult.of(stored, "already placed by sequence " + stored.placeSequence() + ": nothing changed");
      }
      case rejected -> {
        releaseAll(order);
        throw rejection(stored.rejection(), List.of());
      }
      case cancelled -> cancelled(order, current);
    };
  }

  /** The order was cancelled: give back what this place took, and record it if it comes after its cancel. */
  private OrderResult cancelled(OrderMessage order, Versioned<StoredOrder> current) {
    StoredOrder stored = current.value();
    // the cancel gave back what it found held; what this place reserved before or after is given back here
    releaseAll(order);
    if (stored.placeSequence() == null) {
      Versioned<StoredOrder> late = records.replace(stored.latePlace(order, work.now()), current.etag());
      return OrderResult.of(late.value(), "placed after its cancel (sequence " + stored.cancelSequence()
          + "): nothing reserved");
    }
    return OrderResult.of(stored, "cancelled by sequence " + stored.cancelSequence());
  }

  /** Finishes a place an earlier attempt claimed ({@code placing}): reserves what is missing and confirms. */
  private OrderResult reserveAndConfirm(OrderMessage order, Versioned<StoredOrder> claimed) {
    List<Reservation> held = new ArrayList<>();
    for (Map.Entry<String, Integer> wanted : order.quantitiesBySku().entrySet()) {
      Reserve outcome = work.inventory().reserve(wanted.getKey(), order.orderId(), wanted.getValue());
      if (!(outcome instanceof Reserve.Held)) {
        releaseAll(order);
        Reservations shortage = shortOf(wanted.getKey(), wanted.getValue(), outcome);
        records.replace(claimed.value().rejected(shortage.rejection(), work.now()), claimed.etag());
        throw rejection(shortage.rejection(), shortage.reasons());
      }
      held.add(new Reservation(wanted.getKey(), wanted.getValue()));
    }
    return work.mailing().confirm(records.replace(confirmed(claimed.value(), held, order), claimed.etag()));
  }

  /** Why an SKU cannot be reserved, as the order's rejection and the reason given with it. */
  private static Reservations shortOf(String sku, int wanted, Reserve outcome) {
    Map<String, Object> reason = new LinkedHashMap<>();
    reason.put("sku", sku);
    reason.put("wanted", wanted);
    Rejection rejection;
    if (outcome instanceof Reserve.Short shortage) {
      reason.put("available", shortage.available());
      rejection = new Rejection("out-of-stock", "not enough stock of " + sku + ": " + wanted + " wanted, "
          + shortage.available() + " available");
    } else {
      rejection = new Rejection("unknown-sku", "no stock record for SKU " + sku);
    }
    return new Reservations(List.of(), rejection, List.of(reason));
  }

  private static RejectedException rejection(Rejection rejection, List<Map<String, Object>> reasons) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("status", OrderStatus.rejected);
    details.put("code", rejection.code());
    if (!reasons.isEmpty()) {
      details.put("reasons", reasons);
    }
    return new RejectedException(rejection.code(), rejection.message(), Json.tree(details));
  }

  private void releaseAll(OrderMessage order) {
    work.releaseAll(order.orderId(), order.quantitiesBySku().keySet());
  }

  /** Gives back what this place reserved of SKUs the order placed by another message does not hold. */
  private void releaseNotHeldBy(OrderMessage order, StoredOrder placed) {
    Set<String> skus = new TreeSet<>(order.quantitiesBySku().keySet());
    placed.reservations().forEach(reservation -> skus.remove(reservation.sku()));
    work.releaseAll(order.orderId(), skus);
  }

  /** What reserving came to: the stock held, or why an SKU could not be (with the reasons to report). */
  private record Reservations(List<Reservation> held, Rejection rejection, List<Map<String, Object>> reasons) {}
}
