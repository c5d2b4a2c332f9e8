package io.fnjobs.orders;

import com.fnproject.fn.api.FnConfiguration;
import com.fnproject.fn.api.RuntimeContext;
import io.fnjobs.common.config.Bucket;
import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.config.Settings;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.QueueEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.job.CallLog;
import io.fnjobs.common.job.JobKit;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.orders.inventory.ObjectStoreInventory;
import io.fnjobs.orders.mail.SmtpMailer;
import io.fnjobs.orders.mail.SmtpSettings;
import io.fnjobs.orders.records.OrderRecords;
import io.fnjobs.orders.validation.OrderLimits;
import io.fnjobs.orders.validation.OrderValidator;
import java.time.Clock;

/**
 * Fn entry point of the order-processor job ({@code io.fnjobs.orders.OrderFunction::handleRequest}); it
 * takes {@link TriggerEvent}s, and hands those of kind {@code queue} ({@link QueueEvent}) to {@link OrderHandler}.
 *
 * <p>Settings: {@code FNJOBS_ORDERS_BUCKET} (orders and stock), {@code FNJOBS_SMTP_HOST},
 * {@code FNJOBS_SMTP_PORT}, {@code FNJOBS_SMTP_TIMEOUT}, {@code FNJOBS_MAIL_FROM} (the mail),
 * {@code ORDERS_MAX_ITEMS}, {@code ORDERS_MAX_BODY_BYTES} (limits of a message), and the {@link JobKit}'s:
 * {@code FNJOBS_S3_*} (the store), {@code FNJOBS_STATE_BUCKET} (flags and idempotency records) and
 * {@code FNJOBS_IDEMPOTENCY_RETENTION} (how long a processed message is remembered, default P7D).
 */
public class OrderFunction {

  static final String FUNCTION = "order-processor";

  private final OrderHandler handler;

  public OrderFunction(RuntimeContext context) {
    this.handler = handler(Settings.from(context::getConfigurationByKey), Clock.systemUTC());
  }

  /** Logs each call's Fn call id beside its trace id, before the call runs. */
  @FnConfiguration
  public static void logCalls(RuntimeContext context) {
    CallLog.install(context);
  }

  public JobReply handleRequest(TriggerEvent event) {
    return handler.handle(JobReply.expect(FUNCTION, QueueEvent.class, event));
  }

  /** Reads every setting first, so that a missing one fails before anything is built. */
  static OrderHandler handler(Settings settings, Clock clock) {
    String ordersBucket = settings.require(Bucket.ORDERS.setting(), "where orders and stock are kept");
    SmtpSettings smtp = SmtpSettings.from(settings);
    OrderLimits limits = new OrderLimits(
        positive(settings, OrderLimits.MAX_BODY_BYTES, OrderLimits.DEFAULTS.maxBodyBytes()),
        positive(settings, OrderLimits.MAX_ITEMS, OrderLimits.DEFAULTS.maxItems()));
    JobKit kit = JobKit.from(settings, clock);
    S3ConditionalStore orders = new S3ConditionalStore(kit.s3(), ordersBucket);
    return new OrderHandler(new OrderValidator(limits), kit.runner(), new OrderRecords(orders),
        new ObjectStoreInventory(orders), new SmtpMailer(smtp), smtp.from(), clock);
  }

  private static int positive(Settings settings, String key, int fallback) {
    int value = settings.getInt(key, fallback);
    if (value < 1) {
      throw new InvalidSettingException(key, String.valueOf(value), "a whole number of 1 or more");
    }
    return value;
  }
}
