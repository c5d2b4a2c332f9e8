package io.fnjobs.orders;

import io.fnjobs.common.event.QueueEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.common.idempotency.Idempotent;
import io.fnjobs.common.idempotency.ObjectStoreIdempotencyStore;
import io.fnjobs.common.job.JobRunner;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.RequestTally;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.localdev.smtp.EmbeddedMail;
import io.fnjobs.localdev.smtp.MailServerOptions;
import io.fnjobs.orders.inventory.ObjectStoreInventory;
import io.fnjobs.orders.inventory.StockRecord;
import io.fnjobs.orders.mail.Mailer;
import io.fnjobs.orders.mail.SmtpMailer;
import io.fnjobs.orders.mail.SmtpSettings;
import io.fnjobs.orders.records.OrderRecords;
import io.fnjobs.orders.records.StoredOrder;
import io.fnjobs.orders.validation.OrderLimits;
import io.fnjobs.orders.validation.OrderValidator;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The real servers an order needs, on free loopback ports: the embedded S3 store with the
 * {@code orders} and {@code state} buckets, and the embedded mail server (SMTP and IMAP).
 */
final class OrdersFixture implements AutoCloseable {

  static final String SENDER = "orders@fnjobs.test";

  private final Path dataDir;
  private final EmbeddedS3 s3Server;
  private final S3Client s3;
  private final RequestTally tally = new RequestTally();
  private EmbeddedMail mail;
  private final int smtpPort;
  private final int imapPort;

  OrdersFixture(Path dataDir) {
    this.dataDir = dataDir;
    s3Server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(dataDir.resolve("s3")).build());
    s3Server.createBuckets(List.of("orders", "state"));
    s3 = StorageClients.s3(EndpointSettings.local(s3Server.uri(), "minioadmin", "minioadmin"), List.of(tally));
    mail = startMail(0, 0);
    smtpPort = mail.smtpPort();
    imapPort = mail.imapPort();
  }

  private EmbeddedMail startMail(int smtp, int imap) {
    return EmbeddedMail.start(MailServerOptions.builder().smtpPort(smtp).imapPort(imap)
        .dataDir(dataDir.resolve("mail")).build());
  }

  void stopMail() {
    mail.close();
  }

  void startMail() {
    mail = startMail(smtpPort, imapPort);
  }

  /** Every request the fixture's client sent, the handlers' included. */
  RequestTally tally() {
    return tally;
  }

  S3Client s3() {
    return s3;
  }

  Map<String, String> settings() {
    return Map.of(
        "FNJOBS_ORDERS_BUCKET", "orders",
        "FNJOBS_STATE_BUCKET", "state",
        "FNJOBS_S3_ENDPOINT", s3Server.uri().toString(),
        "FNJOBS_S3_ACCESS_KEY", "minioadmin",
        "FNJOBS_S3_SECRET_KEY", "minioadmin",
        SmtpSettings.HOST, "127.0.0.1",
        SmtpSettings.PORT, String.valueOf(smtpPort),
        SmtpSettings.TIMEOUT, "PT5S",
        SmtpSettings.FROM, SENDER);
  }

  Mailer mailer() {
    return new SmtpMailer(SmtpSettings.from(io.fnjobs.common.config.Settings.of(settings())));
  }

  OrderHandler handler(Clock clock, Mailer mailer) {
    S3ConditionalStore state = new S3ConditionalStore(s3, "state");
    S3ConditionalStore orders = new S3ConditionalStore(s3, "orders");
    JobRunner runner = new JobRunner(new ObjectStoreStatusFlags(state, clock),
        new Idempotent(new ObjectStoreIdempotencyStore(state, clock, Duration.ofDays(7))), clock);
    return new OrderHandler(new OrderValidator(OrderLimits.DEFAULTS), runner, new OrderRecords(orders),
        new ObjectStoreInventory(orders), mailer, SENDER, clock);
  }

  S3ConditionalStore orders() {
    return new S3ConditionalStore(s3, "orders");
  }

  void stock(String sku, int available) {
    s3.putObject(r -> r.bucket("orders").key(ObjectStoreInventory.key(sku)).contentType("application/json"),
        RequestBody.fromBytes(Json.write(new StockRecord(sku, "test " + sku, available, Map.of()))));
  }

  StockRecord stockOf(String sku) {
    return Json.read(s3.getObjectAsBytes(r -> r.bucket("orders").key(ObjectStoreInventory.key(sku))).asByteArray(),
        StockRecord.class, sku);
  }

  Optional<StoredOrder> order(String orderId) {
    return new OrderRecords(orders()).find(orderId).map(Versioned::value);
  }

  Optional<StatusFlag> flag(String subject) {
    return new ObjectStoreStatusFlags(new S3ConditionalStore(s3, "state"), Clock.systemUTC()).get("orders", subject);
  }

  /** An event for a message body as the queue trigger sends it, keyed by order id and sequence. */
  static QueueEvent event(String body, String orderId, long sequence, String messageId, int attempt) {
    String key = IdempotencyKeys.message("orders", orderId + "#" + sequence, messageId);
    return TriggerEvent.ofMessage("orders-from-queue", messageId, key, new QueueMessage("orders", messageId, body, attempt))
        .forAttempt(attempt, java.time.Instant.now().plusSeconds(30));
  }

  /** A mail as read over IMAP. */
  record ReadMail(String messageId, String subject, String to, String text) {}

  /** The mails in a mailbox, oldest first; none when the mailbox does not exist yet. */
  List<ReadMail> mails(String address) throws Exception {
    Store store = Session.getInstance(new Properties()).getStore("imap");
    try {
      store.connect("127.0.0.1", imapPort, address, address);
    } catch (AuthenticationFailedException noMailboxYet) {
      return List.of();
    }
    try {
      Folder inbox = store.getFolder("INBOX");
      inbox.open(Folder.READ_ONLY);
      List<ReadMail> mails = new ArrayList<>();
      for (Message message : inbox.getMessages()) {
        mails.add(new ReadMail(message.getHeader("Message-ID")[0], message.getSubject(),
            message.getHeader("To")[0], String.valueOf(message.getContent())));
      }
      return mails;
    } finally {
      store.close();
    }
  }

  @Override
  public void close() {
    mail.close();
    s3.close();
    s3Server.close();
  }
}
