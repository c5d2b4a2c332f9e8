package io.fnjobs.orders;

import io.fnjobs.common.json.Json;
import io.fnjobs.common.job.RejectedException;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.orders.inventory.Reserve;
import io.fnjobs.orders.model.OrderMessage;
import io.fnjobs.orders.model.OrderStatus;
import io.fnjobs.orders.records.OrderRecords;
import io.fnjobs.orders.records.OrderRecords.Versioned;
import io.fnjobs.orders.records.StoredOrder;
import io.fnjobs.orders.records.StoredOrder.Rejection;
import io.fnjobs.orders.records.StoredOrder.Reservation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Places an order: claims it ({@code placing}), reserves the stock of each SKU, confirms it and mails
 * the customer. Every step can run again after a crash: the claim is found, reservations already held
 * are skipped, a sent mail is not sent again.
 *
 * <p>Not enough stock (or an unknown SKU) rejects the order, after giving back everything already
 * reserved for it. A cancel always wins: a place that finds its order cancelled reserves nothing, and
 * gives back whatever it reserved while the cancel ran.
 */
final class Placement {

  private static final int MAX_RACES = 16;

  private final OrderWork work;
  private final OrderRecords records;

  Placement(OrderWork work) {
    this.work = work;
    this.records = work.records();
  }

  OrderResult place(OrderMessage order) {
    for (int race = 0; race < MAX_RACES; race++) {
      try {
        Optional<Versioned> current = records.find(order.orderId());
        if (current.isEmpty()) {
          return reserveAndConfirm(order, records.create(StoredOrder.placing(order, work.now())));
        }
        return continueFrom(order, current.get());
      } catch (PreconditionFailedException raced) {
        // another message of this order wrote first: read what it wrote and decide again
      }
    }
    throw new OrderContentionException("order " + order.orderId() + " changed under " + MAX_RACES
        + " attempts to place it with sequence " + order.sequence());
  }

  private OrderResult continueFrom(OrderMessage order, Versioned current) {
    StoredOrder stored = current.order();
    boolean ours = stored.placedBy(order.sequence());
    return switch (stored.status()) {
      case placing -> {
        if (!ours) {
          throw new OrderContentionException("order " + order.orderId() + " is being placed by sequence "
              + stored.placeSequence() + "; sequence " + order.sequence() + " will be retried");
        }
        yield reserveAndConfirm(order, current);
      }
      case confirmed -> ours ? work.mailing().confirm(current)
          : OrderResult.of(stored, "already placed by sequence " + stored.placeSequence() + ": nothing changed");
      case rejected -> {
        releaseAll(order);
        throw rejection(stored.rejection(), List.of());
      }
      case cancelled -> cancelled(order, current);
    };
  }

  /** The order was cancelled: record a late place, or give back what this place took meanwhile. */
  private OrderResult cancelled(OrderMessage order, Versioned current) {
    StoredOrder stored = current.order();
    if (stored.placeSequence() == null) {
      Versioned late = records.replace(stored.latePlace(order, work.now()), current.etag());
      return OrderResult.of(late.order(), "placed after its cancel (sequence " + stored.cancelSequence()
          + "): nothing reserved");
    }
    if (stored.placedBy(order.sequence())) {
      // the cancel gave back what it found held; a reservation this place made after that is given back here
      releaseAll(order);
    }
    return OrderResult.of(stored, "cancelled by sequence " + stored.cancelSequence());
  }

  private OrderResult reserveAndConfirm(OrderMessage order, Versioned claimed) {
    List<Reservation> held = new ArrayList<>();
    for (Map.Entry<String, Integer> wanted : order.quantitiesBySku().entrySet()) {
      Reserve outcome = work.inventory().reserve(wanted.getKey(), order.orderId(), wanted.getValue());
      if (!(outcome instanceof Reserve.Held)) {
        throw reject(order, claimed, wanted.getKey(), wanted.getValue(), outcome);
      }
      held.add(new Reservation(wanted.getKey(), wanted.getValue()));
    }
    String messageId = work.messageId(order.orderId(), order.sequence(), "confirmation");
    return work.mailing().confirm(records.replace(claimed.order().confirmed(held, messageId, work.now()), claimed.etag()));
  }

  /** Gives back everything held for the order, records it rejected, and answers the rejection to throw. */
  private RejectedException reject(OrderMessage order, Versioned claimed, String sku, int wanted, Reserve outcome) {
    releaseAll(order);
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
    records.replace(claimed.order().rejected(rejection, work.now()), claimed.etag());
    return rejection(rejection, List.of(reason));
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
}
