package io.fnjobs.orders.mail;

import io.fnjobs.orders.records.StoredOrder;
import java.util.stream.Collectors;

/** The texts of the mails about an order: what a customer reads. */
public final class OrderMails {

  private OrderMails() {}

  /** The confirmation: the order id, each line and the total. */
  public static OrderMail confirmation(StoredOrder order, String messageId) {
    String total = order.total() + " " + order.currency();
    String lines = order.lines().stream()
        .map(line -> "  " + line.quantity() + " x " + line.sku() + " at " + line.unitPrice() + " " + order.currency()
            + " = " + line.lineTotal() + " " + order.currency())
        .collect(Collectors.joining("\n"));
    String text = "Hello " + order.customer().name() + ",\n\n"
        + "thank you for your order " + order.orderId() + ". It is confirmed:\n\n"
        + lines + "\n\n"
        + "Total: " + total + "\n";
    return new OrderMail(messageId, order.customer().email(), order.customer().name(),
        "Order " + order.orderId() + " confirmed: " + total, text);
  }

  /** The cancellation: the order id, and that nothing will be charged or sent. */
  public static OrderMail cancellation(StoredOrder order, String messageId) {
    String text = "Hello " + order.customer().name() + ",\n\n"
        + "your order " + order.orderId() + " is cancelled. Nothing will be sent or charged for it.\n";
    return new OrderMail(messageId, order.customer().email(), order.customer().name(),
        "Order " + order.orderId() + " cancelled", text);
  }
}
