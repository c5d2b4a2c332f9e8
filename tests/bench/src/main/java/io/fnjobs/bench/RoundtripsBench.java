package io.fnjobs.bench;

import io.fnjobs.common.event.QueueEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.common.idempotency.Idempotent;
import io.fnjobs.common.idempotency.ObjectStoreIdempotencyStore;
import io.fnjobs.common.job.JobRunner;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.storage.EndpointSettings;
import io.fnjobs.common.storage.RequestTally;
import io.fnjobs.common.storage.RequestTally.Kind;
import io.fnjobs.common.storage.StorageClients;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.localdev.s3.EmbeddedS3;
import io.fnjobs.localdev.s3.S3ServerOptions;
import io.fnjobs.localdev.smtp.EmbeddedMail;
import io.fnjobs.localdev.smtp.MailServerOptions;
import io.fnjobs.orders.OrderHandler;
import io.fnjobs.orders.inventory.ObjectStoreInventory;
import io.fnjobs.orders.inventory.StockRecord;
import io.fnjobs.orders.mail.Mailer;
import io.fnjobs.orders.mail.SmtpMailer;
import io.fnjobs.orders.mail.SmtpSettings;
import io.fnjobs.orders.records.OrderRecords;
import io.fnjobs.orders.validation.OrderLimits;
import io.fnjobs.orders.validation.OrderValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The store requests per job, by kind, counted on the wire ({@link RequestTally}) against the embedded
 * S3 store and mail server: the job runner alone and the order-processor's paths, each next to the
 * numbers measured on the commit before the round trips were cut (base c025360, with the counting
 * tests of this change), and the S3 request cost per million jobs at AWS list prices.
 *
 * <p>{@code java ... RoundtripsBench [jobs per row]}
 */
public final class RoundtripsBench {

  // AWS list prices, us-east-1, dollars per request: PUT, COPY, POST, LIST; GET and the others
  private static final double WRITE_PRICE = 0.005 / 1000;
  private static final double READ_PRICE = 0.0004 / 1000;

  /**
   * Measured on base c025360 (the first commit of this change counts them there), per job: PUT, GET,
   * mails (each over a connection of its own then).
   */
  private static final Map<String, long[]> BEFORE = new LinkedHashMap<>();

  static {
    BEFORE.put("job runner: new subject", new long[] {4, 2, 0});
    BEFORE.put("job runner: next event of a subject", new long[] {4, 2, 0});
    BEFORE.put("job runner: duplicate", new long[] {1, 2, 0});
    BEFORE.put("order: place, 1 SKU", new long[] {8, 4, 1});
    BEFORE.put("order: place, 2 SKUs", new long[] {9, 5, 1});
    BEFORE.put("order: duplicate message", new long[] {1, 2, 0});
    BEFORE.put("order: cancel of a 1-SKU order", new long[] {7, 4, 1});
  }

  private final RequestTally tally = new RequestTally();
  private final AtomicLong mails = new AtomicLong();
  private final int jobs;

  private RoundtripsBench(int jobs) {
    this.jobs = jobs;
  }

  public static void main(String[] args) throws Exception {
    new RoundtripsBench(args.length > 0 ? Integer.parseInt(args[0]) : 200).run();
  }

  private void run() throws Exception {
    Path data = Files.createTempDirectory("fnjobs-roundtrips-bench");
    try (EmbeddedS3 server = EmbeddedS3.start(S3ServerOptions.builder().port(0).dataDir(data.resolve("s3")).build());
        EmbeddedMail mail = EmbeddedMail.start(MailServerOptions.builder().smtpPort(0).imapPort(0)
            .dataDir(data.resolve("mail")).build())) {
      server.createBuckets(List.of("state", "orders"));
      try (S3Client s3 = StorageClients.s3(EndpointSettings.local(server.uri(), "minioadmin", "minioadmin"),
              List.of(tally));
          SmtpMailer smtp = new SmtpMailer(new SmtpSettings("127.0.0.1", mail.smtpPort(), Duration.ofSeconds(10),
              "orders@fnjobs.bench"))) {
        report(s3, counting(smtp));
      }
    }
  }

  private Mailer counting(Mailer mailer) {
    return mail -> {
      mailer.send(mail);
      mails.incrementAndGet();
    };
  }

  private void report(S3Client s3, Mailer mailer) {
    Clock clock = Clock.systemUTC();
    S3ConditionalStore state = new S3ConditionalStore(s3, "state");
    S3ConditionalStore orders = new S3ConditionalStore(s3, "orders");
    JobRunner runner = new JobRunner(new ObjectStoreStatusFlags(state, clock),
        new Idempotent(new ObjectStoreIdempotencyStore(state, clock, Duration.ofDays(7))), clock);
    OrderHandler handler = new OrderHandler(new OrderValidator(OrderLimits.DEFAULTS), runner, new OrderRecords(orders),
        new ObjectStoreInventory(orders), mailer, "orders@fnjobs.bench", clock);
    stock(s3, "BENCH-A", 1_000_000);
    stock(s3, "BENCH-B", 1_000_000);

    System.out.printf("store requests per job on the embedded S3 store, counted on the wire: mean of %d jobs per row%n",
        jobs);
    System.out.printf("before = measured on base c025360; after = this build. SQS: the trigger layer's receive (up to"
        + " 10 messages each) and delete per message, unchanged here and not counted. SMTP: mails per job; before, each"
        + " over a connection of its own, after, over the one the function keeps%n%n");
    System.out.printf("%-36s %-6s %5s %5s %5s %5s %6s %5s %14s%n", "job", "", "PUT", "GET", "HEAD", "LIST", "DELETE",
        "SMTP", "$ per M jobs");

    row("job runner: new subject", n -> job(runner, "new-" + n, 1, () -> "done"));
    row("job runner: next event of a subject", n -> job(runner, "next-" + n, 2, () -> "second"),
        n -> job(runner, "next-" + n, 1, () -> "first"));
    row("job runner: duplicate", n -> job(runner, "dup-" + n, 1, () -> "again"),
        n -> job(runner, "dup-" + n, 1, () -> "done"));
    row("order: place, 1 SKU", n -> handler.handle(place("P1-" + n, "[" + item("BENCH-A", 1) + "]")));
    row("order: place, 2 SKUs", n -> handler.handle(place("P2-" + n,
        "[" + item("BENCH-A", 1) + "," + item("BENCH-B", 2) + "]")));
    row("order: duplicate message", n -> handler.handle(place("PD-" + n, "[" + item("BENCH-A", 1) + "]")),
        n -> handler.handle(place("PD-" + n, "[" + item("BENCH-A", 1) + "]")));
    row("order: cancel of a 1-SKU order", n -> handler.handle(cancel("PC-" + n)),
        n -> handler.handle(place("PC-" + n, "[" + item("BENCH-A", 1) + "]")));
  }

  private void row(String label, IntConsumer measured) {
    row(label, measured, n -> { });
  }

  /** Runs {@code setUp} then {@code measured} for each of the jobs, counting only what {@code measured} sends. */
  private void row(String label, IntConsumer measured, IntConsumer setUp) {
    Map<Kind, Long> total = new EnumMap<>(Kind.class);
    long mailsCounted = 0;
    for (int n = 0; n < jobs; n++) {
      setUp.accept(n);
      Map<Kind, Long> before = tally.snapshot();
      long mailsBefore = mails.get();
      measured.accept(n);
      tally.since(before).forEach((kind, count) -> total.merge(kind, count, Long::sum));
      mailsCounted += mails.get() - mailsBefore;
    }
    long[] base = BEFORE.get(label);
    System.out.printf("%-36s %-6s %5d %5d %5s %5s %6s %5d %14.2f%n", label, "before", base[0], base[1], "0", "0",
        "0", base[2], cost(base[0], base[1]));
    double puts = mean(total, Kind.PUT);
    double reads = mean(total, Kind.GET) + mean(total, Kind.HEAD) + mean(total, Kind.DELETE) + mean(total, Kind.OTHER);
    System.out.printf("%-36s %-6s %5.2f %5.2f %5.2f %5.2f %6.2f %5.2f %14.2f%n", "", "after", puts,
        mean(total, Kind.GET), mean(total, Kind.HEAD), mean(total, Kind.LIST), mean(total, Kind.DELETE),
        mailsCounted / (double) jobs, cost(puts + mean(total, Kind.LIST), reads));
  }

  private double mean(Map<Kind, Long> total, Kind kind) {
    return total.getOrDefault(kind, 0L) / (double) jobs;
  }

  /** Dollars per million jobs of {@code writes} PUT/COPY/POST/LIST and {@code reads} GET and others each. */
  private static double cost(double writes, double reads) {
    return 1_000_000 * (writes * WRITE_PRICE + reads * READ_PRICE);
  }

  private static void job(JobRunner runner, String subject, long sequence, Supplier<?> work) {
    QueueEvent event = TriggerEvent.ofMessage("bench", "m-" + subject + "-" + sequence, "bench:" + subject + "#" + sequence,
        new QueueMessage("orders", "m-" + subject, "{\"subject\":\"" + subject + "\",\"sequence\":" + sequence + "}", 1))
        .forAttempt(1, Clock.systemUTC().instant().plusSeconds(60));
    runner.run("bench", subject, EventOrder.sequence(sequence), event, event.message(), work);
  }

  private static QueueEvent place(String orderId, String items) {
    return message(orderId, 1, "{\"orderId\":\"" + orderId + "\",\"sequence\":1,\"type\":\"place\",\"customer\":"
        + "{\"email\":\"bench@example.com\",\"name\":\"Bench\"},\"items\":" + items + ",\"currency\":\"EUR\"}");
  }

  private static QueueEvent cancel(String orderId) {
    return message(orderId, 2, "{\"orderId\":\"" + orderId + "\",\"sequence\":2,\"type\":\"cancel\",\"customer\":"
        + "{\"email\":\"bench@example.com\",\"name\":\"Bench\"}}");
  }

  private static QueueEvent message(String orderId, long sequence, String body) {
    String messageId = "m-" + orderId + "-" + sequence;
    return TriggerEvent.ofMessage("orders-from-queue", messageId,
        IdempotencyKeys.message("orders", orderId + "#" + sequence, messageId),
        new QueueMessage("orders", messageId, body, 1)).forAttempt(1, Clock.systemUTC().instant().plusSeconds(60));
  }

  private static String item(String sku, int quantity) {
    return "{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + ",\"unitPrice\":\"1.00\"}";
  }

  private static void stock(S3Client s3, String sku, int available) {
    s3.putObject(r -> r.bucket("orders").key(ObjectStoreInventory.key(sku)).contentType("application/json"),
        RequestBody.fromBytes(Json.write(new StockRecord(sku, sku, available, Map.of()))));
  }
}
