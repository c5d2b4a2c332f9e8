package io.fnjobs.triggers.blob;

import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.store.S3ConditionalStore;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.BlobEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.Eventually;
import io.fnjobs.triggers.fixtures.JobRunnerFn;
import io.fnjobs.triggers.fixtures.ManualPauses;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.runtime.ListenerState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A paused blob trigger on the real embedded store: a change handed to it (as a webhook does) or found
 * by its sweep claims no receipt and invokes nothing until the trigger is resumed. The function is the
 * functions' own {@code JobRunner}, in-process.
 */
class BlobPauseTest {

  @TempDir static Path data;
  private static StateStore store;

  private final Clock clock = Clock.systemUTC();
  private final ManualPauses pauses = new ManualPauses();
  private JobRunnerFn fn;
  private ObjectStoreReceipts receipts;
  private BlobListener listener;

  @BeforeAll
  static void start() {
    store = new StateStore(data);
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @AfterEach
  void stopListener() {
    listener.stop(Duration.ofSeconds(2));
  }

  @Test
  void accept_shouldHoldTheChangeWithoutAReceipt_whilePaused_andDeliverItOnceResumed() {
    start("paused-hook", Duration.ZERO);
    String etag = store.upload("images/held.jpg", "held");
    ObjectChange change = ObjectChange.created(StateStore.UPLOADS, "images/held.jpg", etag, 4L, ObjectChange.Source.webhook);

    assertThat(listener.accept(change)).isEqualTo(BlobListener.Acceptance.accepted);
    // asked twice: a worker holds the change at the pause, past one look
    pauses.awaitAsks("paused-hook", pauses.asks("paused-hook"), 2);

    assertThat(fn.calls()).isEmpty();
    assertThat(receipts.find("paused-hook", change)).isEmpty();

    pauses.resume("paused-hook");
    Eventually.within(Duration.ofSeconds(10), () -> fn.calls().size() == 1);
    Eventually.within(Duration.ofSeconds(10),
        () -> receipts.find("paused-hook", change).map(receipt -> receipt.state().settled()).orElse(false));
  }

  @Test
  void sweep_shouldWait_whilePaused_andHandTheObjectOverOnceResumed() {
    store.upload("images/swept.jpg", "swept");
    start("paused-sweep", Duration.ofSeconds(1));
    pauses.awaitAsks("paused-sweep", pauses.asks("paused-sweep"), 2);

    assertThat(fn.calls()).isEmpty();

    pauses.resume("paused-sweep");
    Eventually.within(Duration.ofSeconds(10), () -> fn.calls().stream()
        .anyMatch(event -> ((BlobEvent) event).blob().key().equals("images/swept.jpg")));
  }

  private void start(String name, Duration sweepInterval) {
    fn = new JobRunnerFn(store.s3(), StateStore.STATE, clock, Duration.ofSeconds(5));
    receipts = new ObjectStoreReceipts(store.s3(), StateStore.STATE, clock);
    TriggerDefinition definition = new TriggerDefinition(Path.of(name + ".yaml"), name, "", "fnjobs", "thumbnail",
        new BlobSource(StateStore.UPLOADS, "images/", List.of(), Set.of(Change.created), sweepInterval, null, 1),
        List.of(), new DeliveryOptions(1, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0));
    pauses.pause(name);
    listener = new BlobListener(definition, fn.resolve("fnjobs", "thumbnail"), store.s3(), null,
        new Invoker(fn, new ObjectStoreRunLog(store.state(), StateStore.STATE, clock),
            new ObjectStoreStatusFlags(new S3ConditionalStore(store.state(), StateStore.STATE), clock), clock), receipts,
        new ObjectStoreDeadLetters(store.s3(), StateStore.STATE), clock, "pause-test", pauses);
    listener.start();
    Eventually.within(Duration.ofSeconds(10), () -> listener.state() == ListenerState.connected);
  }
}
