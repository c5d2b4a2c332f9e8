package io.fnjobs.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.MutableClock;
import io.fnjobs.common.StoreFixture;
import io.fnjobs.common.event.QueueEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.FlagSpec;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.ScriptedFn;
import io.fnjobs.triggers.queue.QueueSource;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * What giving an event up does to its subject's status flag, on the real embedded store: the flag says
 * failed with the trigger's cause where the function left it short of terminal, and never moves back.
 */
class GiveUpTest {

  private static final FlagError NO_FN = new FlagError("fn-unreachable", "cannot reach the Fn API");

  @TempDir static Path data;
  private static StoreFixture store;
  private static S3Client s3;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-21T10:00:00Z"));
  private final StatusFlags flags = new ObjectStoreStatusFlags(new S3ConditionalStore(s3, "state"), clock);
  private final Invoker invoker = new Invoker(new ScriptedFn(), new ObjectStoreRunLog(s3, "state", clock), flags, clock);
  private final TriggerDefinition orders = new TriggerDefinition(Path.of("orders.yaml"), "orders-from-queue", "",
      "fnjobs", "order-processor",
      new QueueSource(List.of("orders"), 10, 1, Duration.ofSeconds(1), Duration.ofSeconds(30), List.of()), List.of(),
      DeliveryOptions.DEFAULTS, FlagSpec.of("orders", "orderId", "sequence"));

  @BeforeAll
  static void start() {
    store = new StoreFixture(data);
    s3 = store.s3();
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @Test
  void giveUp_shouldFlagTheSubjectFailed_withTheCause_whenTheFunctionNeverFlaggedIt() {
    invoker.giveUp(orders, order("G-1", 2, "k-G-1#2"), 5, NO_FN);

    assertThat(flags.get("orders", "G-1").orElseThrow()).isEqualTo(new StatusFlag("orders", "G-1", FlagState.failed,
        5, "k-G-1#2", EventOrder.sequence(2), "2026-11-21T10:00:00Z", null, NO_FN));
  }

  @Test
  void giveUp_shouldMoveARunningFlagOn_whenTheFunctionCrashedAfterFlaggingIt() {
    flags.write(flag("G-2", FlagState.running, 5, "k-G-2#1", 1, null));
    clock.advance(Duration.ofSeconds(30));

    invoker.giveUp(orders, order("G-2", 1, "k-G-2#1"), 5, NO_FN);

    assertThat(flags.get("orders", "G-2").orElseThrow()).extracting(StatusFlag::state, StatusFlag::error)
        .containsExactly(FlagState.failed, NO_FN);
  }

  @Test
  void giveUp_shouldLeaveATerminalFlag_asTheFunctionWroteIt() {
    StatusFlag own = flag("G-3", FlagState.failed, 4, "k-G-3#1", 1,
        new FlagError("MailDeliveryException", "the SMTP server refused the connection"));
    flags.write(own);

    invoker.giveUp(orders, order("G-3", 1, "k-G-3#1"), 5, NO_FN);

    assertThat(flags.get("orders", "G-3")).contains(own);
  }

  @Test
  void giveUp_shouldNotMoveTheFlagBack_whenALaterMessageOfTheSubjectFlaggedIt() {
    StatusFlag later = flag("G-4", FlagState.running, 1, "k-G-4#5", 5, null);
    flags.write(later);
    clock.advance(Duration.ofMinutes(1));

    invoker.giveUp(orders, order("G-4", 3, "k-G-4#3"), 5, NO_FN);

    assertThat(flags.get("orders", "G-4")).contains(later);
  }

  @Test
  void giveUp_shouldLeaveTheHoldersFlag_whenTheEventsKeyStayedHeldPastTheDeferrals() {
    StatusFlag holder = flag("G-5", FlagState.running, 1, "k-G-5#1", 1, null);
    flags.write(holder);

    invoker.giveUp(orders, order("G-5", 1, "k-G-5#1"), 5,
        new FlagError(CauseCodes.DEFERRED_TOO_OFTEN, "deferred past the trigger's delivery.maxDeferrals"));

    assertThat(flags.get("orders", "G-5")).contains(holder);
  }

  @Test
  void giveUp_shouldWriteNoFlag_whenTheSubjectFieldHoldsAPathSeparator_orTheDefinitionDeclaresNoFlag() {
    invoker.giveUp(orders, order("G/6", 1, "k-G-6"), 5, NO_FN);
    invoker.giveUp(orders.withFlag(null), order("G-7", 1, "k-G-7"), 5, NO_FN);

    assertThat(flags.get("orders", "G/6")).isEmpty();
    assertThat(flags.get("orders", "G-7")).isEmpty();
  }

  private static QueueEvent order(String orderId, long sequence, String key) {
    String body = "{\"orderId\":\"" + orderId + "\",\"sequence\":" + sequence + "}";
    return TriggerEvent.ofMessage("orders-from-queue", "m-" + key, key, new QueueMessage("orders", "m-" + key, body, 1));
  }

  private StatusFlag flag(String orderId, FlagState state, int attempt, String key, long sequence, FlagError error) {
    return new StatusFlag("orders", orderId, state, attempt, key, EventOrder.sequence(sequence),
        clock.instant().toString(), null, error);
  }
}
