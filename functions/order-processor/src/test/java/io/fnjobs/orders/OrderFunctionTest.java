package io.fnjobs.orders;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.JobReply;
import io.fnjobs.fntesting.FnTesting;
import io.fnjobs.fntesting.FnTestingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FnTestingExtension.class)
class OrderFunctionTest {

  private static final String MESSAGE_ID = "5fea7756-0ea4-451a-a703-a558b933e274";

  @Test
  void handleRequest_shouldReplyAcceptedForTheMessage_whenAnOrderArrives(FnTesting fn) {
    fn.setConfig("ORDERS_BUCKET", "orders");
    fn.givenEvent().withBodyFromResource("events/queue-message.json").enqueue();

    fn.thenRun(OrderFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(200);
    assertThat(fn.getOnlyResult().bodyAs(JobReply.class))
        .isEqualTo(new JobReply("order-processor", MESSAGE_ID, "order-1042#3", "accepted", "orders bucket orders"));
  }

  @Test
  void handleRequest_shouldFailNamingTheExpectedKind_whenTheEventIsNotAQueueMessage(FnTesting fn) {
    fn.setConfig("ORDERS_BUCKET", "orders");
    fn.givenEvent().withBodyFromResource("events/blob-created.json").enqueue();

    fn.thenRun(OrderFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("function order-processor handles queue events", "sent a blob event");
  }

  @Test
  void handleRequest_shouldFailNamingTheKey_whenOrdersBucketIsMissing(FnTesting fn) {
    fn.givenEvent().withBodyFromResource("events/queue-message.json").enqueue();

    fn.thenRun(OrderFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("setting ORDERS_BUCKET is not set");
  }
}
