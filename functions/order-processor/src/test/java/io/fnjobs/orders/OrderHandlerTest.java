package io.fnjobs.orders;

import static io.fnjobs.orders.OrderBodies.cancel;
import static io.fnjobs.orders.OrderBodies.item;
import static io.fnjobs.orders.OrderBodies.place;
import static io.fnjobs.orders.OrdersFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.orders.OrdersFixture.ReadMail;
import io.fnjobs.orders.inventory.ObjectStoreInventory;
import io.fnjobs.orders.inventory.StockRecord;
import io.fnjobs.orders.mail.MailDeliveryException;
import io.fnjobs.orders.mail.Mailer;
import io.fnjobs.orders.model.OrderMessage;
import io.fnjobs.orders.model.OrderStatus;
import io.fnjobs.orders.records.OrderRecords;
import io.fnjobs.orders.records.StoredOrder;
import io.fnjobs.orders.validation.OrderLimits;
import io.fnjobs.orders.validation.OrderValidator;
import io.fnjobs.orders.validation.Validation;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order work against the real embedded store and mail server. */
class OrderHandlerTest {

  @TempDir static Path data;
  private static OrdersFixture fixture;
  private static OrderHandler handler;

  @BeforeAll
  static void start() {
    fixture = new OrdersFixture(data);
    handler = fixture.handler(Clock.systemUTC(), fixture.mailer());
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  /** A handler whose clock stands at {@code at}: the flags it writes are written then. */
  private static OrderHandler handlerAt(Instant at) {
    return fixture.handler(Clock.fixed(at, ZoneOffset.UTC), fixture.mailer());
  }

  @Test
  void handle_shouldConfirmStoreAndMailOnce_whenAValidOrderArrives() throws Exception {
    fixture.stock("H-MUG", 5);

    JobReply reply = handler.handle(event(place("H-1", 1, "ann@example.com",
        List.of(item("H-MUG", 2, "12.50"), item("H-MUG", 1, "3"))), "H-1", 1, "m-1", 1));

    assertThat(reply.state()).isEqualTo("succeeded");
    assertThat(reply.result().path("status").asText()).isEqualTo("confirmed");
    assertThat(reply.result().path("total").asText()).isEqualTo("28.00");
    StoredOrder order = fixture.order("H-1").orElseThrow();
    assertThat(order.status()).isEqualTo(OrderStatus.confirmed);
    assertThat(order.reservations()).containsExactly(new StoredOrder.Reservation("H-MUG", 3));
    assertThat(order.lines()).extracting(StoredOrder.Line::lineTotal).containsExactly("25.00", "3.00");
    assertThat(fixture.stockOf("H-MUG")).isEqualTo(new StockRecord("H-MUG", "test H-MUG", 2, Map.of("H-1", 3)));
    List<ReadMail> mails = fixture.mails("ann@example.com");
    assertThat(mails).hasSize(1);
    assertThat(mails.get(0).messageId()).isEqualTo(order.confirmationMail().messageId());
    assertThat(mails.get(0).subject()).isEqualTo("Order H-1 confirmed: 28.00 EUR");
    assertThat(mails.get(0).text()).contains("2 x H-MUG at 12.50 EUR = 25.00 EUR", "Total: 28.00 EUR");
    StatusFlag flag = fixture.flag("H-1").orElseThrow();
    assertThat(flag.state()).isEqualTo(FlagState.succeeded);
    assertThat(flag.result().path("status").asText()).isEqualTo("confirmed");
    assertThat(flag.result().path("messageId").asText()).isEqualTo(order.confirmationMail().messageId());
  }

  @Test
  void handle_shouldReserveAndMailOnce_whenTheSameMessageComesAgain() throws Exception {
    fixture.stock("H-DUP", 5);
    String body = place("H-2", 1, "dup@example.com", "H-DUP", 2);

    JobReply first = handler.handle(event(body, "H-2", 1, "m-2", 1));
    JobReply again = handler.handle(event(body, "H-2", 1, "m-2-copy", 1));

    assertThat(again.result()).isEqualTo(first.result());
    assertThat(fixture.stockOf("H-DUP").available()).isEqualTo(3);
    assertThat(fixture.mails("dup@example.com")).hasSize(1);
  }

  @Test
  void handle_shouldRejectAndGiveBackWhatWasReserved_whenASkuIsShort() throws Exception {
    fixture.stock("H-A", 5);
    fixture.stock("H-B", 1);

    JobReply reply = handler.handle(event(place("H-3", 1, "short@example.com",
        List.of(item("H-A", 2, "1.00"), item("H-B", 2, "1.00"))), "H-3", 1, "m-3", 1));

    assertThat(reply.state()).isEqualTo("rejected");
    assertThat(reply.detail()).isEqualTo("out-of-stock: not enough stock of H-B: 2 wanted, 1 available");
    assertThat(fixture.stockOf("H-A")).extracting(StockRecord::available, StockRecord::holds).containsExactly(5, Map.of());
    assertThat(fixture.stockOf("H-B").available()).isEqualTo(1);
    assertThat(fixture.order("H-3").orElseThrow().status()).isEqualTo(OrderStatus.rejected);
    StatusFlag flag = fixture.flag("H-3").orElseThrow();
    assertThat(flag.state()).isEqualTo(FlagState.rejected);
    assertThat(flag.error().code()).isEqualTo("out-of-stock");
    assertThat(flag.result().path("reasons").get(0).path("available").asInt()).isEqualTo(1);
    assertThat(fixture.mails("short@example.com")).isEmpty();
  }

  @Test
  void handle_shouldRejectWithEveryReason_whenTheOrderIsInvalid() {
    JobReply reply = handler.handle(event(
        "{\"orderId\":\"H-4\",\"sequence\":1,\"type\":\"place\",\"customer\":{\"email\":\"nope\",\"name\":\"N\"},"
            + "\"items\":[{\"sku\":\"X\",\"quantity\":0,\"unitPrice\":\"-1\"}],\"currency\":\"XYZ\"}", "H-4", 1, "m-4", 1));

    assertThat(reply.state()).isEqualTo("rejected");
    StatusFlag flag = fixture.flag("H-4").orElseThrow();
    assertThat(flag.state()).isEqualTo(FlagState.rejected);
    assertThat(flag.error().code()).isEqualTo("invalid-order");
    assertThat(flag.result().path("reasons").findValuesAsText("field"))
        .containsExactly("customer.email", "currency", "items[0].quantity", "items[0].unitPrice");
    assertThat(flag.eventOrder()).as("its sequence was usable").isEqualTo(EventOrder.sequence(1));
    assertThat(fixture.order("H-4")).isEmpty();
  }

  @Test
  void handle_shouldFlagUnderTheMessageId_whenTheOrderIdIsUnusable() {
    handler.handle(event("{\"orderId\":\"../x\",\"sequence\":1}", "../x", 1, "m-5", 1));

    assertThat(fixture.flag("invalid/m-5").orElseThrow().state()).isEqualTo(FlagState.rejected);
  }

  @Test
  void handle_shouldEndCancelledWithStockUntouched_whenTheCancelComesBeforeItsPlace() throws Exception {
    fixture.stock("H-LATE", 4);

    JobReply cancelled = handler.handle(event(cancel("H-6", 2, "late@example.com"), "H-6", 2, "m-6b", 1));
    JobReply placed = handler.handle(event(place("H-6", 1, "late@example.com", "H-LATE", 1), "H-6", 1, "m-6a", 1));

    assertThat(cancelled.result().path("status").asText()).isEqualTo("cancelled");
    assertThat(placed.result().path("status").asText()).isEqualTo("cancelled");
    assertThat(placed.result().path("note").asText()).contains("placed after its cancel");
    assertThat(fixture.stockOf("H-LATE")).extracting(StockRecord::available, StockRecord::holds).containsExactly(4, Map.of());
    StoredOrder order = fixture.order("H-6").orElseThrow();
    assertThat(order.status()).isEqualTo(OrderStatus.cancelled);
    assertThat(order.placeSequence()).isEqualTo(1L);
    assertThat(fixture.mails("late@example.com")).extracting(ReadMail::subject).containsExactly("Order H-6 cancelled");
  }

  @Test
  void handle_shouldKeepTheCancelsFlag_whenThePlaceIsRedeliveredAfterIt() {
    fixture.stock("H-AGAIN", 5);
    Instant start = Instant.now();
    String place = place("H-20", 1, "again@example.com", "H-AGAIN", 1);
    handlerAt(start).handle(event(place, "H-20", 1, "m-20a", 1));
    handlerAt(start.plusSeconds(10)).handle(event(cancel("H-20", 2, "again@example.com"), "H-20", 2, "m-20b", 1));

    JobReply late = handlerAt(start.plusSeconds(20)).handle(event(place, "H-20", 1, "m-20a", 2));

    assertThat(late.state()).as("a duplicate: the stored outcome, nothing run").isEqualTo("succeeded");
    StatusFlag flag = fixture.flag("H-20").orElseThrow();
    assertThat(flag).extracting(StatusFlag::idempotencyKey, StatusFlag::eventOrder)
        .containsExactly("queue:orders:H-20#2", EventOrder.sequence(2));
    assertThat(flag.result().path("status").asText()).isEqualTo("cancelled");
  }

  @Test
  void handle_shouldKeepTheCancelsFlag_whenThePlaceFirstComesAfterIt() {
    fixture.stock("H-AFTER", 5);
    Instant start = Instant.now();
    handlerAt(start).handle(event(cancel("H-21", 2, "after@example.com"), "H-21", 2, "m-21b", 1));

    JobReply placed = handlerAt(start.plusSeconds(10))
        .handle(event(place("H-21", 1, "after@example.com", "H-AFTER", 1), "H-21", 1, "m-21a", 1));

    assertThat(placed.result().path("note").asText()).contains("placed after its cancel");
    StatusFlag flag = fixture.flag("H-21").orElseThrow();
    assertThat(flag).extracting(StatusFlag::idempotencyKey, StatusFlag::state, StatusFlag::eventOrder, StatusFlag::updatedAt)
        .containsExactly("queue:orders:H-21#2", FlagState.succeeded, EventOrder.sequence(2), start.toString());
  }

  @Test
  void handle_shouldGiveTheStockBackAndMail_whenAConfirmedOrderIsCancelled() throws Exception {
    fixture.stock("H-BACK", 3);
    handler.handle(event(place("H-7", 1, "back@example.com", "H-BACK", 2), "H-7", 1, "m-7a", 1));

    JobReply reply = handler.handle(event(cancel("H-7", 2, "back@example.com"), "H-7", 2, "m-7b", 1));
    JobReply secondCancel = handler.handle(event(cancel("H-7", 3, "back@example.com"), "H-7", 3, "m-7c", 1));

    assertThat(reply.result().path("status").asText()).isEqualTo("cancelled");
    assertThat(secondCancel.result().path("note").asText()).startsWith("already cancelled by sequence 2");
    assertThat(fixture.stockOf("H-BACK")).extracting(StockRecord::available, StockRecord::holds).containsExactly(3, Map.of());
    assertThat(fixture.mails("back@example.com")).extracting(ReadMail::subject)
        .containsExactly("Order H-7 confirmed: 25.00 EUR", "Order H-7 cancelled");
  }

  @Test
  void handle_shouldFailThenConfirmWithOneMail_whenTheMailServerIsDownThenBack() throws Exception {
    fixture.stock("H-SMTP", 2);
    String body = place("H-8", 1, "smtp@example.com", "H-SMTP", 1);
    fixture.stopMail();
    try {
      JobReply failed = handler.handle(event(body, "H-8", 1, "m-8", 1));

      assertThat(failed.state()).isEqualTo(JobReply.FAILED);
      assertThat(failed.error().code()).isEqualTo("MailDeliveryException");
      assertThat(failed.error().message()).contains("could not be sent through", "FNJOBS_SMTP_HOST");
      assertThat(fixture.flag("H-8").orElseThrow()).extracting(StatusFlag::state, StatusFlag::error)
          .containsExactly(FlagState.failed, failed.error());
    } finally {
      fixture.startMail();
    }

    JobReply retried = handler.handle(event(body, "H-8", 1, "m-8", 2));

    assertThat(retried.state()).isEqualTo("succeeded");
    assertThat(fixture.stockOf("H-SMTP").available()).isEqualTo(1);
    assertThat(fixture.flag("H-8").orElseThrow()).extracting(StatusFlag::state, StatusFlag::attempt)
        .containsExactly(FlagState.succeeded, 2);
    assertThat(fixture.mails("smtp@example.com")).hasSize(1);
  }

  @Test
  void handle_shouldAnswerDeferred_andReserveNothing_whenTheSameOrderComesWhileTheFirstIsStillBeingProcessed()
      throws Exception {
    fixture.stock("H-SLOW", 5);
    String body = place("H-13", 1, "slow@example.com", "H-SLOW", 2);
    Mailer real = fixture.mailer();
    List<JobReply> copies = new ArrayList<>();
    List<Optional<StatusFlag>> flagsSeen = new ArrayList<>();
    // the order sent twice: the second message comes while the first one's mail is on its way
    Mailer slow = mail -> {
      copies.add(handler.handle(event(body, "H-13", 1, "m-13-copy", 1)));
      flagsSeen.add(fixture.flag("H-13"));
      real.send(mail);
    };

    JobReply first = fixture.handler(Clock.systemUTC(), slow).handle(event(body, "H-13", 1, "m-13", 1));

    assertThat(copies).singleElement().satisfies(copy -> {
      assertThat(copy.state()).isEqualTo("deferred");
      assertThat(Duration.parse(copy.retryAfter())).isPositive();
    });
    assertThat(flagsSeen.get(0)).as("none yet (the first runs for less than a second), and none by the copy").isEmpty();
    assertThat(first.state()).isEqualTo("succeeded");
    assertThat(fixture.stockOf("H-SLOW").available()).isEqualTo(3);
    assertThat(handler.handle(event(body, "H-13", 1, "m-13-copy", 1)).result()).isEqualTo(first.result());
    assertThat(fixture.mails("slow@example.com")).hasSize(1);
  }

  @Test
  void handle_shouldResendTheSameMessageId_whenItCrashedBetweenSendingAndRecording() throws Exception {
    // a crash right after the mail server accepted the mail cannot be produced for real in one JVM:
    // this mailer sends for real, then fails as the crash would, before the order records the send
    fixture.stock("H-CRASH", 2);
    Mailer real = fixture.mailer();
    AtomicInteger sends = new AtomicInteger();
    Mailer crashingOnce = mail -> {
      real.send(mail);
      if (sends.incrementAndGet() == 1) {
        throw new IllegalStateException("crashed after sending");
      }
    };
    OrderHandler crashing = fixture.handler(Clock.systemUTC(), crashingOnce);
    String body = place("H-9", 1, "crash@example.com", "H-CRASH", 1);

    assertThat(crashing.handle(event(body, "H-9", 1, "m-9", 1)).error().message()).isEqualTo("crashed after sending");
    crashing.handle(event(body, "H-9", 1, "m-9", 2));

    List<ReadMail> mails = fixture.mails("crash@example.com");
    assertThat(mails).hasSize(2);
    assertThat(mails.get(1).messageId()).isEqualTo(mails.get(0).messageId());
    assertThat(fixture.stockOf("H-CRASH").available()).isEqualTo(1);
  }

  @Test
  void handle_shouldFinishWithoutReservingTwice_whenAPlaceStoppedHalfway() throws Exception {
    fixture.stock("H-HALF-1", 2);
    fixture.stock("H-HALF-2", 2);
    String body = place("H-10", 1, "half@example.com", List.of(item("H-HALF-1", 1, "1.00"), item("H-HALF-2", 1, "1.00")));
    // what a place leaves when its process dies after the first reservation: the claim, and one hold
    OrderMessage order = ((Validation.Valid) new OrderValidator(OrderLimits.DEFAULTS).validate(body)).order();
    new OrderRecords(fixture.orders()).create(StoredOrder.placing(order, "2026-11-21T10:00:00Z"));
    new ObjectStoreInventory(fixture.orders()).reserve("H-HALF-1", "H-10", 1);

    JobReply reply = handler.handle(event(body, "H-10", 1, "m-10", 2));

    assertThat(reply.result().path("status").asText()).isEqualTo("confirmed");
    assertThat(fixture.stockOf("H-HALF-1").available()).isEqualTo(1);
    assertThat(fixture.stockOf("H-HALF-2").available()).isEqualTo(1);
    assertThat(fixture.mails("half@example.com")).hasSize(1);
  }

  @Test
  void handle_shouldSendThePlannedMail_whenTheOrderWasConfirmedButNotMailed() throws Exception {
    fixture.stock("H-PLANNED", 2);
    String body = place("H-12", 1, "planned@example.com", "H-PLANNED", 1);
    Mailer down = mail -> {
      throw new MailDeliveryException("down", null);
    };
    assertThat(fixture.handler(Clock.systemUTC(), down).handle(event(body, "H-12", 1, "m-12", 1)).error().code())
        .isEqualTo("MailDeliveryException");
    assertThat(fixture.order("H-12").orElseThrow().confirmationMail().sent()).isFalse();

    handler.handle(event(body, "H-12", 1, "m-12", 2));

    assertThat(fixture.stockOf("H-PLANNED").available()).isEqualTo(1);
    assertThat(fixture.mails("planned@example.com")).extracting(ReadMail::messageId)
        .containsExactly(fixture.order("H-12").orElseThrow().confirmationMail().messageId());
  }

  @Test
  void handle_shouldRefuseWithoutTouchingTheFlag_whenASequenceComesAgainWithOtherContent() {
    fixture.stock("H-REUSE", 5);
    handler.handle(event(place("H-11", 1, "reuse@example.com", "H-REUSE", 1), "H-11", 1, "m-11a", 1));

    JobReply reply = handler.handle(event(place("H-11", 1, "reuse@example.com", "H-REUSE", 4), "H-11", 1, "m-11b", 1));

    assertThat(reply.state()).isEqualTo("rejected");
    assertThat(reply.detail()).startsWith("sequence-reused");
    assertThat(fixture.stockOf("H-REUSE").available()).isEqualTo(4);
    assertThat(fixture.flag("H-11").orElseThrow().state()).isEqualTo(FlagState.succeeded);
  }

  @Test
  void handle_shouldGiveBackOnlyWhatItTook_whenAnotherSequenceAlreadyPlacedTheOrder() {
    fixture.stock("H-KEEP", 5);
    fixture.stock("H-EXTRA", 5);
    fixture.stock("H-NONE", 0);
    handler.handle(event(place("H-30", 1, "keep@example.com", "H-KEEP", 2), "H-30", 1, "m-30a", 1));

    JobReply other = handler.handle(event(place("H-30", 3, "keep@example.com",
        List.of(item("H-KEEP", 2, "1.00"), item("H-EXTRA", 1, "1.00"))), "H-30", 3, "m-30c", 1));
    JobReply shortOne = handler.handle(event(place("H-30", 4, "keep@example.com",
        List.of(item("H-KEEP", 2, "1.00"), item("H-NONE", 1, "1.00"))), "H-30", 4, "m-30d", 1));

    assertThat(other.result().path("note").asText()).startsWith("already placed by sequence 1");
    assertThat(shortOne.result().path("note").asText()).startsWith("already placed by sequence 1");
    assertThat(fixture.stockOf("H-KEEP")).extracting(StockRecord::available, StockRecord::holds)
        .as("the placed order's hold stays").containsExactly(3, Map.of("H-30", 2));
    assertThat(fixture.stockOf("H-EXTRA")).extracting(StockRecord::available, StockRecord::holds)
        .as("what the later place took is given back").containsExactly(5, Map.of());
    assertThat(fixture.order("H-30").orElseThrow().placeSequence()).isEqualTo(1L);
  }
}
