package io.fnjobs.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.QueueEvent;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.idempotency.PayloadMismatchException;
import io.fnjobs.common.job.JobRunner;
import io.fnjobs.common.job.RejectedException;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.JobNames;
import io.fnjobs.orders.inventory.Inventory;
import io.fnjobs.orders.mail.Mailer;
import io.fnjobs.orders.model.OrderMessage;
import io.fnjobs.orders.model.OrderStatus;
import io.fnjobs.orders.model.OrderType;
import io.fnjobs.orders.records.OrderRecords;
import io.fnjobs.orders.validation.OrderValidator;
import io.fnjobs.orders.validation.Validation;
import java.io.IOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes one order message, once per idempotency key (the order id and sequence): validates it,
 * then places or cancels the order, and keeps the order's status flag at
 * {@code state/orders/<orderId>.json} ({@code succeeded} with the order's status and the mail's
 * Message-ID, {@code rejected} with every reason, or {@code failed} for a retry), ordered by the
 * message's sequence.
 *
 * <p>A message without a usable order id is flagged at {@code orders/invalid/<messageId>.json}: no
 * order id can hold a {@code /}, so that never meets an order's flag.
 */
public final class OrderHandler {

  public static final String JOB = JobNames.ORDERS;
  private static final Logger LOG = LoggerFactory.getLogger(OrderHandler.class);

  private final OrderValidator validator;
  private final JobRunner runner;
  private final Placement placement;
  private final Cancellation cancellation;

  public OrderHandler(OrderValidator validator, JobRunner runner, OrderRecords records, Inventory inventory,
      Mailer mailer, String sender, Clock clock) {
    this.validator = validator;
    this.runner = runner;
    OrderWork work = new OrderWork(records, inventory, new Mailing(mailer), clock, sender);
    this.placement = new Placement(work);
    this.cancellation = new Cancellation(work);
  }

  public JobReply handle(QueueEvent event) {
    Validation validation = validator.validate(event.message().body());
    String subject = validation.orderId().orElse("invalid/" + event.message().messageId());
    try {
      JobReply reply = runner.run(JOB, subject, orderOf(validation), event, payload(event.message().body()),
          () -> process(validation));
      if (JobReply.FAILED.equals(reply.state())) {
        LOG.warn("trigger={} function=order-processor event={} attempt={} order={} failed, to be retried: {}",
            event.trigger(), event.eventId(), event.attempt(), subject, reply.detail());
      } else {
        LOG.info("trigger={} function=order-processor event={} attempt={} order={} {}: {}", event.trigger(),
            event.eventId(), event.attempt(), subject, reply.state(),
            reply.detail() == null ? status(reply) : reply.detail());
      }
      return reply;
    } catch (PayloadMismatchException e) {
      // the same order and sequence came with other content: the first one stands, this one is refused for good
      LOG.warn("trigger={} function=order-processor event={} order={} refused: {}", event.trigger(), event.eventId(),
          subject, e.getMessage());
      return new JobReply(JOB, subject, event.idempotencyKey(), JobReply.REJECTED, "sequence-reused: " + e.getMessage());
    }
  }

  private OrderResult process(Validation validation) {
    if (validation instanceof Validation.Invalid invalid) {
      Map<String, Object> details = new LinkedHashMap<>();
      details.put("status", OrderStatus.rejected);
      details.put("code", "invalid-order");
      details.put("reasons", invalid.violations());
      throw new RejectedException("invalid-order", invalid.summary(), Json.tree(details));
    }
    OrderMessage order = ((Validation.Valid) validation).order();
    return order.type() == OrderType.place ? placement.place(order) : cancellation.cancel(order);
  }

  /**
   * The message's sequence, which the order's messages are numbered by: a late {@code place} never moves
   * the flag back over its {@code cancel}. A body without a usable sequence has none, and its flag goes
   * by write time.
   */
  private static EventOrder orderOf(Validation validation) {
    return validation.sequence().map(EventOrder::sequence).orElse(EventOrder.NONE);
  }

  /** What the idempotency key stands for: the body as JSON (so spacing does not matter), else as text. */
  private static JsonNode payload(String body) {
    try {
      JsonNode tree = Json.MAPPER.readTree(body);
      return tree == null ? TextNode.valueOf(body) : tree;
    } catch (IOException notJson) {
      return TextNode.valueOf(body);
    }
  }

  private static String status(JobReply reply) {
    return reply.result() == null ? "" : reply.result().path("status").asText("") + " "
        + reply.result().path("messageId").asText("");
  }
}
