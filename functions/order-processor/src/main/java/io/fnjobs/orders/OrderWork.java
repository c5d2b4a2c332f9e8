package io.fnjobs.orders;

import io.fnjobs.orders.inventory.Inventory;
import io.fnjobs.orders.mail.MessageIds;
import io.fnjobs.orders.records.OrderRecords;
import java.time.Clock;
import java.util.Collection;

/**
 * What placing and cancelling work with: the order records, the stock, the mailing, the clock and
 * the sender's address (the domain of every Message-ID).
 */
record OrderWork(OrderRecords records, Inventory inventory, Mailing mailing, Clock clock, String sender) {

  /** Gives back whatever the order holds of each SKU; safe to do again. */
  void releaseAll(String orderId, Collection<String> skus) {
    skus.forEach(sku -> inventory.release(sku, orderId));
  }

  String messageId(String orderId, long sequence, String kind) {
    return MessageIds.of(orderId, sequence, kind, sender);
  }

  String now() {
    return clock.instant().toString();
  }
}
