package io.fnjobs.orders.records;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fnjobs.orders.model.Customer;
import io.fnjobs.orders.model.OrderLine;
import io.fnjobs.orders.model.OrderMessage;
import io.fnjobs.orders.model.OrderStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An order as kept at {@code orders/<orderId>.json} in the orders bucket: its status, the sequence of
 * the place and of the cancel that shaped it, the customer, the lines and total (amounts as text, at
 * the currency's scale), the stock it holds, why it was rejected, and its mails. Every change is a
 * conditional write, so concurrent messages of one order see each other's changes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoredOrder(
    String orderId,
    OrderStatus status,
    Long placeSequence,
    Long cancelSequence,
    Customer customer,
    String currency,
    List<Line> lines,
    String total,
    List<Reservation> reservations,
    Rejection rejection,
    MailRecord confirmationMail,
    MailRecord cancellationMail,
    String updatedAt) {

  public StoredOrder {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(status, "status");
    lines = lines == null ? List.of() : List.copyOf(lines);
    reservations = reservations == null ? List.of() : List.copyOf(reservations);
  }

  /** A line as stored: amounts as text, e.g. {@code "12.50"}. */
  public record Line(String sku, int quantity, String unitPrice, String lineTotal) {}

  /** Stock the order holds: {@code quantity} of {@code sku}. */
  public record Reservation(String sku, int quantity) {}

  /** Why the order was refused: a stable code and a message for people. */
  public record Rejection(String code, String message) {}

  /** The claim of a place: the order's content, nothing reserved yet. */
  public static StoredOrder placing(OrderMessage order, String at) {
    return new StoredOrder(order.orderId(), OrderStatus.placing, order.sequence(), null, order.customer(),
        order.currency().getCurrencyCode(), lines(order), order.total().toPlainString(), List.of(), null, null, null, at);
  }

  /** A cancel that came before any place: the marker that makes a late place a cancelled one. */
  public static StoredOrder cancelledBeforePlace(OrderMessage cancel, String messageId, String at) {
    return new StoredOrder(cancel.orderId(), OrderStatus.cancelled, null, cancel.sequence(), cancel.customer(),
        null, List.of(), null, List.of(), null, null, MailRecord.planned(messageId), at);
  }

  private static List<Line> lines(OrderMessage order) {
    return order.lines().stream()
        .map(line -> new Line(line.sku(), line.quantity(), line.unitPrice().toPlainString(),
            line.total(order.currency()).toPlainString()))
        .toList();
  }

  /** The SKUs this order asks for (from its lines), with the quantity of each. */
  public Map<String, Integer> quantitiesBySku() {
    Map<String, Integer> quantities = new TreeMap<>();
    lines.forEach(line -> quantities.merge(line.sku(), line.quantity(), Integer::sum));
    return quantities;
  }

  public StoredOrder confirmed(List<Reservation> held, String confirmationId, String at) {
    return new StoredOrder(orderId, OrderStatus.confirmed, placeSequence, cancelSequence, customer, currency, lines,
        total, held, null, MailRecord.planned(confirmationId), cancellationMail, at);
  }

  public StoredOrder rejected(Rejection why, String at) {
    return new StoredOrder(orderId, OrderStatus.rejected, placeSequence, cancelSequence, customer, currency, lines,
        total, List.of(), why, confirmationMail, cancellationMail, at);
  }

  /** Cancelled by message {@code sequence}: nothing held any more, the cancellation mail planned. */
  public StoredOrder cancelled(long sequence, String cancellationId, String at) {
    return new StoredOrder(orderId, OrderStatus.cancelled, placeSequence, sequence, customer, currency, lines,
        total, List.of(), rejection, confirmationMail, MailRecord.planned(cancellationId), at);
  }

  /** A place that came after its cancel: its content kept for the record, nothing reserved. */
  public StoredOrder latePlace(OrderMessage place, String at) {
    StoredOrder content = placing(place, at);
    return new StoredOrder(orderId, OrderStatus.cancelled, place.sequence(), cancelSequence, customer, content.currency,
        content.lines, content.total, List.of(), rejection, confirmationMail, cancellationMail, at);
  }

  public boolean placedBy(long sequence) {
    return placeSequence != null && placeSequence == sequence;
  }

  public boolean cancelledBy(long sequence) {
    return cancelSequence != null && cancelSequence == sequence;
  }
}
