package io.fnjobs.orders;

import io.fnjobs.common.store.RaceLimit;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.common.store.VersionedDocuments;
import io.fnjobs.orders.model.OrderMessage;
import io.fnjobs.orders.records.OrderRecords;
import io.fnjobs.orders.records.StoredOrder;
import java.util.Optional;

/**
 * Cancels an order: marks it cancelled, gives its stock back and mails the customer. A cancel that
 * comes before its place leaves a cancelled marker, which makes the late place a cancelled order that
 * reserves nothing. A rejected order has nothing to cancel; an order already cancelled by another
 * message stays as it is. Every step can run again after a crash.
 */
final class Cancellation {

  private final OrderWork work;
  private final OrderRecords records;

  Cancellation(OrderWork work) {
    this.work = work;
    this.records = work.records();
  }

  OrderResult cancel(OrderMessage cancel) {
    String messageId = work.messageId(cancel.orderId(), cancel.sequence(), "cancellation");
    // another message of this order wrote first: read what it wrote and decide again
    return VersionedDocuments.retryingLostRaces(() -> {
      Optional<Versioned<StoredOrder>> current = records.find(cancel.orderId());
      if (current.isEmpty()) {
        return work.mailing().cancel(records.create(StoredOrder.cancelledBeforePlace(cancel, messageId, work.now())));
      }
      return continueFrom(cancel, current.get(), messageId);
    }, RaceLimit.FEW_WRITERS, () -> new OrderContentionException("order " + cancel.orderId() + " changed under "
        + RaceLimit.FEW_WRITERS.races() + " attempts to cancel it with sequence " + cancel.sequence()));
  }

  private OrderResult continueFrom(OrderMessage cancel, Versioned<StoredOrder> current, String messageId) {
    StoredOrder stored = current.value();
    return switch (stored.status()) {
      case placing, confirmed -> {
        Versioned<StoredOrder> cancelled = records.replace(stored.cancelled(cancel.sequence(), messageId, work.now()), current.etag());
        releaseAll(stored);
        yield work.mailing().cancel(cancelled);
      }
      case cancelled -> {
        if (!stored.cancelledBy(cancel.sequence())) {
          yield OrderResult.of(stored, "already cancelled by sequence " + stored.cancelSequence() + ": nothing changed");
        }
        releaseAll(stored);
        yield work.mailing().cancel(current);
      }
      case rejected -> OrderResult.of(stored, "rejected before the cancel came: nothing to cancel");
    };
  }

  private void releaseAll(StoredOrder order) {
    work.releaseAll(order.orderId(), order.quantitiesBySku().keySet());
  }
}
