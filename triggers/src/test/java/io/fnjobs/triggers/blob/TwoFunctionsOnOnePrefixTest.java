package io.fnjobs.triggers.blob;

import io.fnjobs.common.flags.ObjectStoreStatusFlags;
import io.fnjobs.common.store.S3ConditionalStore;
import static io.fnjobs.triggers.blob.WebhookTrigger.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.BlobEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.triggers.definition.DeliveryOptions;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fixtures.JobRunnerFn;
import io.fnjobs.triggers.fixtures.JobRunnerFn.Answer;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.runtime.ListenerState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two blob triggers on {@code uploads/images/} of the real embedded store, giving every upload to two
 * functions of one app, {@code thumbnail} and {@code exif}, on the test Fn that runs the functions'
 * own {@link io.fnjobs.common.job.JobRunner} on the state bucket: the same event reaches both, and
 * each function keeps its own idempotency record of it.
 */
class TwoFunctionsOnOnePrefixTest {

  private static final List<String> UPLOADS = List.of("images/two/cat.jpg", "images/two/dog.jpg");

  @TempDir static Path data;
  private static StateStore store;

  private final Clock clock = Clock.systemUTC();
  private final JobRunnerFn fn = new JobRunnerFn(store.s3(), StateStore.STATE, clock, Duration.ofSeconds(30));
  private BlobListener thumbnails;
  private BlobListener exif;

  @BeforeAll
  static void start() {
    store = new StateStore(data);
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @BeforeEach
  void startTriggers() {
    thumbnails = listen("thumbnails-on-upload", "thumbnail");
    exif = listen("exif-on-upload", "exif");
  }

  @AfterEach
  void stopTriggers() {
    thumbnails.stop(Duration.ofSeconds(5));
    exif.stop(Duration.ofSeconds(5));
  }

  @Test
  void sweep_shouldRunEachFunctionOncePerUpload_andAnswerARedeliveryFromThatFunctionsOwnRecord() throws Exception {
    UPLOADS.forEach(key -> store.upload(key, "content of " + key));

    sweepBoth();

    assertThat(fn.works("thumbnail")).as("thumbnail runs").isEqualTo(2);
    assertThat(fn.works("exif")).as("exif runs").isEqualTo(2);
    assertThat(fn.answers()).hasSize(4).allSatisfy(TwoFunctionsOnOnePrefixTest::answeredByItself);
    assertThat(keysOf("thumbnail")).allMatch(key -> key.startsWith("fn:fnjobs/thumbnail:blob:uploads/images/two/"));
    assertThat(keysOf("exif")).allMatch(key -> key.startsWith("fn:fnjobs/exif:blob:uploads/images/two/"));
    Map<String, Integer> firstResults = results();

    // the nightly cleanup's repair forgets receipts like this; the sweep then brings the uploads again
    forgetReceipts("thumbnails-on-upload");
    forgetReceipts("exif-on-upload");
    sweepBoth();

    assertThat(fn.answers()).hasSize(8).allSatisfy(TwoFunctionsOnOnePrefixTest::answeredByItself);
    assertThat(fn.works("thumbnail")).as("thumbnail runs, after the redelivery").isEqualTo(2);
    assertThat(fn.works("exif")).as("exif runs, after the redelivery").isEqualTo(2);
    assertThat(results()).as("each answered from its own first run's record").isEqualTo(firstResults);
  }

  private BlobListener listen(String trigger, String function) {
    TriggerDefinition definition = new TriggerDefinition(Path.of(trigger + ".yaml"), trigger, "", "fnjobs", function,
        new BlobSource(StateStore.UPLOADS, "images/", List.of(), Set.of(Change.created), Duration.ZERO, null, 1),
        List.of(), new DeliveryOptions(1, Duration.ofSeconds(1), Duration.ofMinutes(1), 2.0));
    BlobListener listener = new BlobListener(definition, fn.resolve("fnjobs", function), store.s3(), null,
        new Invoker(fn, new ObjectStoreRunLog(store.state(), StateStore.STATE, clock),
            new ObjectStoreStatusFlags(new S3ConditionalStore(store.state(), StateStore.STATE), clock), clock),
        new ObjectStoreReceipts(store.s3(), StateStore.STATE, clock),
        new ObjectStoreDeadLetters(store.s3(), StateStore.STATE), clock);
    listener.start();
    eventually(() -> listener.state() == ListenerState.connected);
    return listener;
  }

  /** Both triggers sweep; returns once both functions have answered every upload. */
  private void sweepBoth() throws InterruptedException {
    int before = fn.answers().size();
    assertThat(thumbnails.sweepNow().dispatched()).isEqualTo(UPLOADS.size());
    assertThat(exif.sweepNow().dispatched()).isEqualTo(UPLOADS.size());
    eventually(() -> fn.answers().size() == before + 2 * UPLOADS.size());
  }

  private void forgetReceipts(String trigger) {
    for (String key : UPLOADS) {
      String prefix = StateLayout.receipts(trigger, StateStore.UPLOADS, key);
      store.s3().listObjectsV2(r -> r.bucket(StateStore.STATE).prefix(prefix)).contents()
          .forEach(receipt -> store.s3().deleteObject(r -> r.bucket(StateStore.STATE).key(receipt.key())));
    }
  }

  /** A function's answer is its own work's result: its name, and its count of runs. */
  private static void answeredByItself(Answer answer) {
    assertThat(answer.reply().state()).isEqualTo("succeeded");
    assertThat(answer.reply().result().path("function").asText())
        .as("who did the work answered to %s", answer.function()).isEqualTo(answer.function());
  }

  private List<String> keysOf(String function) {
    return fn.answers().stream().filter(answer -> answer.function().equals(function))
        .map(answer -> answer.event().idempotencyKey()).toList();
  }

  /** The work count each function answered per upload: a rerun would count on, a stored answer repeats it. */
  private Map<String, Integer> results() {
    return fn.answers().stream().collect(Collectors.toMap(
        answer -> answer.function() + " " + ((BlobEvent) answer.event()).blob().key(),
        answer -> answer.reply().result().path("work").asInt(),
        (first, later) -> later));
  }
}
