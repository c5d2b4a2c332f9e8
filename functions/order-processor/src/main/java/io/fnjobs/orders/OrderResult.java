package io.fnjobs.orders;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fnjobs.orders.model.OrderStatus;
import io.fnjobs.orders.records.MailRecord;
import io.fnjobs.orders.records.StoredOrder;

/**
 * What processing one order message came to, kept as the result of the order's status flag: the
 * order's status, its total, the Message-ID of the mail that tells the customer, and a note when the
 * message changed nothing (e.g. a place after its cancel).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderResult(
    String orderId, OrderStatus status, String total, String currency, String messageId, String note) {

  /** The order as it stands, with the Message-ID of the mail matching its status. */
  static OrderResult of(StoredOrder order, String note) {
    MailRecord mail = order.status() == OrderStatus.cancelled ? order.cancellationMail() : order.confirmationMail();
    return new OrderResult(order.orderId(), order.status(), order.total(), order.currency(),
        mail == null ? null : mail.messageId(), note);
  }
}
