package io.fnjobs.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.fntesting.FnTesting;
import io.fnjobs.fntesting.FnTestingExtension;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The Fn entry point through the real FDK runtime, against the real embedded store and mail server. */
@ExtendWith(FnTestingExtension.class)
class OrderFunctionTest {

  @TempDir static Path data;
  private static OrdersFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new OrdersFixture(data);
    fixture.stock("FN-MUG", 10);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void handleRequest_shouldConfirmTheOrderAndMail_whenAnOrderArrives(FnTesting fn) throws Exception {
    fixture.settings().forEach(fn::setConfig);
    fn.givenEvent().withBodyFromResource("events/queue-message.json").enqueue();

    fn.thenRun(OrderFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).as(fn.getStdErrAsString()).isEqualTo(200);
    JobReply reply = fn.getOnlyResult().bodyAs(JobReply.class);
    assertThat(reply.job()).isEqualTo("orders");
    assertThat(reply.subject()).isEqualTo("order-1042");
    assertThat(reply.idempotencyKey()).isEqualTo("queue:orders:order-1042#3");
    assertThat(reply.state()).isEqualTo("succeeded");
    assertThat(reply.result().path("status").asText()).isEqualTo("confirmed");
    assertThat(fixture.stockOf("FN-MUG").available()).isEqualTo(8);
    assertThat(fixture.mails("fn@example.com")).hasSize(1);
    assertThat(fixture.flag("order-1042").orElseThrow().eventOrder()).as("the message's sequence")
        .isEqualTo(EventOrder.sequence(3));
    assertThat(fn.getStdErrAsString()).contains("trigger=orders-from-queue function=order-processor"
        + " event=5fea7756-0ea4-451a-a703-a558b933e274 attempt=2 order=order-1042 succeeded");
  }

  @Test
  void handleRequest_shouldFailNamingTheExpectedKind_whenTheEventIsNotAQueueMessage(FnTesting fn) {
    fixture.settings().forEach(fn::setConfig);
    fn.givenEvent().withBodyFromResource("events/blob-created.json").enqueue();

    fn.thenRun(OrderFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("function order-processor handles queue events", "sent a blob event");
  }

  @Test
  void handleRequest_shouldFailNamingTheKey_whenOrdersBucketIsMissing(FnTesting fn) {
    fixture.settings().forEach((key, value) -> {
      if (!key.equals("FNJOBS_ORDERS_BUCKET")) {
        fn.setConfig(key, value);
      }
    });
    fn.givenEvent().withBodyFromResource("events/queue-message.json").enqueue();

    fn.thenRun(OrderFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("setting FNJOBS_ORDERS_BUCKET is not set");
  }

  @Test
  void handleRequest_shouldFailNamingTheKey_whenTheSenderIsNotAnAddress(FnTesting fn) {
    fixture.settings().forEach(fn::setConfig);
    fn.setConfig("FNJOBS_MAIL_FROM", "not an address");
    fn.givenEvent().withBodyFromResource("events/queue-message.json").enqueue();

    fn.thenRun(OrderFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("setting FNJOBS_MAIL_FROM has the value 'not an address'");
  }
}
