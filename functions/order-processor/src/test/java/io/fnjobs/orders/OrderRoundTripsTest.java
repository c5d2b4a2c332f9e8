package io.fnjobs.orders;

import static io.fnjobs.orders.OrderBodies.item;
import static io.fnjobs.orders.OrderBodies.place;
import static io.fnjobs.orders.OrdersFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.storage.RequestTally.Kind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store requests of an order, counted on the wire against the real embedded store and mail
 * server: the budgets of the order path, so that a change adding a round trip fails here.
 */
class OrderRoundTripsTest {

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

  @Test
  void handle_shouldMakeFivePutsAndTwoGets_forAOneSkuOrder() {
    fixture.stock("RT-MUG", 10);

    Map<Kind, Long> requests = counted(() -> handler.handle(event(place("RT-1", 1, "rt@example.com", "RT-MUG", 1),
        "RT-1", 1, "m-rt-1", 1)));

    // GET: the order's flag (none yet), the stock; PUT: the idempotency record's create and completion, the
    // stock's hold, the order (created confirmed), the flag
    assertThat(requests).containsEntry(Kind.PUT, 5L).containsEntry(Kind.GET, 2L).containsEntry(Kind.HEAD, 0L)
        .containsEntry(Kind.LIST, 0L).containsEntry(Kind.DELETE, 0L);
  }

  @Test
  void handle_shouldAddOnePutAndOneGet_perExtraSku() {
    fixture.stock("RT-A", 10);
    fixture.stock("RT-B", 10);

    Map<Kind, Long> requests = counted(() -> handler.handle(event(place("RT-2", 1, "rt@example.com",
        List.of(item("RT-A", 1, "1.00"), item("RT-B", 2, "2.00"))), "RT-2", 1, "m-rt-2", 1)));

    assertThat(requests).containsEntry(Kind.PUT, 6L).containsEntry(Kind.GET, 3L);
  }

  private static Map<Kind, Long> counted(Supplier<JobReply> order) {
    Map<Kind, Long> before = fixture.tally().snapshot();
    assertThat(order.get().state()).isEqualTo("succeeded");
    return fixture.tally().since(before);
  }
}
