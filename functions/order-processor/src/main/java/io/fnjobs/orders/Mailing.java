package io.fnjobs.orders;

import io.fnjobs.common.store.Versioned;
import io.fnjobs.orders.mail.Mailer;
import io.fnjobs.orders.mail.OrderMail;
import io.fnjobs.orders.mail.OrderMails;
import io.fnjobs.orders.records.MailRecord;
import io.fnjobs.orders.records.StoredOrder;
import java.util.function.BiFunction;

/**
 * Sends the mail an order has planned: the Message-ID is stored with the order before sending, and the
 * send is recorded by the job's outcome (its result carries the Message-ID), which the idempotency
 * record stores right after: a retried message whose job completed gets that outcome and sends
 * nothing. Recording it in the order as well would cost a write per order, to spare only the resend
 * of a message that comes back after its outcome is forgotten ({@code FNJOBS_IDEMPOTENCY_RETENTION})
 * while its flag describes a later message of the order.
 *
 * <p>What remains: a crash after the mail server accepted the mail and before the outcome is stored
 * sends it again on the retry, with the same Message-ID (derived from the order, the sequence and the
 * kind of mail), so the second copy is recognisably the same mail. An order written before this
 * kept its mail's {@code sentAt}: such a mail is not sent again.
 */
final class Mailing {

  private final Mailer mailer;

  Mailing(Mailer mailer) {
    this.mailer = mailer;
  }

  /** Sends the planned confirmation unless it was recorded sent; answers the order as it stands. */
  OrderResult confirm(Versioned<StoredOrder> order) {
    return deliver(order.value(), order.value().confirmationMail(), OrderMails::confirmation);
  }

  /** Sends the planned cancellation unless it was recorded sent; answers the order as it stands. */
  OrderResult cancel(Versioned<StoredOrder> order) {
    return deliver(order.value(), order.value().cancellationMail(), OrderMails::cancellation);
  }

  private OrderResult deliver(StoredOrder order, MailRecord mail, BiFunction<StoredOrder, String, OrderMail> compose) {
    if (!mail.sent()) {
      mailer.send(compose.apply(order, mail.messageId()));
    }
    return new OrderResult(order.orderId(), order.status(), order.total(), order.currency(), mail.messageId(), null);
  }
}
