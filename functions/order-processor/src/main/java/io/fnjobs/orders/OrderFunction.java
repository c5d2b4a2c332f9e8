package io.fnjobs.orders;

import com.fnproject.fn.api.RuntimeContext;
import io.fnjobs.common.config.Settings;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.TriggerEvent;

/**
 * Fn entry point of the order-processor job ({@code io.fnjobs.orders.OrderFunction::handleRequest});
 * it takes {@link TriggerEvent}s of kind {@code queue}.
 */
public class OrderFunction {

  static final String JOB = "order-processor";
  static final String BUCKET = "ORDERS_BUCKET";

  private final String ordersBucket;

  public OrderFunction(RuntimeContext context) {
    this.ordersBucket =
        Settings.from(context::getConfigurationByKey).require(BUCKET, "where orders are stored");
  }

  public JobReply handleRequest(TriggerEvent event) {
    JobReply.expect(JOB, TriggerEvent.Kind.queue, event);
    return JobReply.accepted(JOB, event.message().messageId(), event)
        .withDetail("orders bucket " + ordersBucket);
  }
}
