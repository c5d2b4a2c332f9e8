package io.fnjobs.orders;

import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.orders.mail.Mailer;
import io.fnjobs.orders.mail.OrderMail;
import io.fnjobs.orders.mail.OrderMails;
import io.fnjobs.orders.records.MailRecord;
import io.fnjobs.orders.records.OrderRecords;
import io.fnjobs.orders.records.OrderRecords.Versioned;
import io.fnjobs.orders.records.StoredOrder;
import java.time.Clock;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Sends the mail an order has planned, once: the Message-ID is stored before sending and the send is
 * recorded right after, so a retried message whose mail went out finds it recorded and sends nothing.
 *
 * <p>What remains: a crash after the mail server accepted the mail and before the record is written
 * sends it again on the retry, with the same Message-ID (derived from the order, the sequence and the
 * kind of mail), so the second copy is recognisably the same mail.
 */
final class Mailing {

  private static final int MAX_RACES = 16;

  private final OrderRecords records;
  private final Mailer mailer;
  private final Clock clock;

  Mailing(OrderRecords records, Mailer mailer, Clock clock) {
    this.records = records;
    this.mailer = mailer;
    this.clock = clock;
  }

  /** Sends the planned confirmation unless it was sent; answers the order as it then stands. */
  OrderResult confirm(Versioned order) {
    return deliver(order, StoredOrder::confirmationMail, OrderMails::confirmation, StoredOrder::withConfirmationMail);
  }

  /** Sends the planned cancellation unless it was sent; answers the order as it then stands. */
  OrderResult cancel(Versioned order) {
    return deliver(order, StoredOrder::cancellationMail, OrderMails::cancellation, StoredOrder::withCancellationMail);
  }

  private OrderResult deliver(Versioned order, Function<StoredOrder, MailRecord> planned,
      BiFunction<StoredOrder, String, OrderMail> compose, Recorder record) {
    MailRecord mail = planned.apply(order.order());
    if (!mail.sent()) {
      mailer.send(compose.apply(order.order(), mail.messageId()));
      order = recordSent(order, mail.sentAt(clock.instant().toString()), record);
    }
    StoredOrder now = order.order();
    return new OrderResult(now.orderId(), now.status(), now.total(), now.currency(), mail.messageId(), null);
  }

  /** Writes the sent mail into the order, into whatever a concurrent message made of it meanwhile. */
  private Versioned recordSent(Versioned order, MailRecord sent, Recorder record) {
    Versioned current = order;
    for (int race = 0; race < MAX_RACES; race++) {
      try {
        return records.replace(record.with(current.order(), sent, clock.instant().toString()), current.etag());
      } catch (PreconditionFailedException raced) {
        current = records.find(order.order().orderId()).orElseThrow(() -> new IllegalStateException(
            "order " + order.order().orderId() + " disappeared from the orders bucket while its mail was sent"));
      }
    }
    throw new OrderContentionException("order " + order.order().orderId() + " changed under " + MAX_RACES
        + " attempts to record its mail " + sent.messageId());
  }

  @FunctionalInterface
  private interface Recorder {
    StoredOrder with(StoredOrder order, MailRecord mail, String at);
  }
}
