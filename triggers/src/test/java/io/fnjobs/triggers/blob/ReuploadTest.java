package io.fnjobs.triggers.blob;

import static io.fnjobs.triggers.blob.WebhookTrigger.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.BlobEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

/**
 * One key given content A, then B, then A again, on the real embedded store, with MinIO webhooks over
 * loopback or the sweep alone, and a function that acts on the object's current content only
 * ({@link CurrentContentFn}): A after B is new content for the key and is processed; A after A is not;
 * an old version's event sent again changes nothing.
 */
class ReuploadTest {

  private static final String TOKEN = "reupload-test-token";
  // whole seconds: Last-Modified has no finer resolution
  private static final Instant UPLOADED = Instant.parse("2026-11-21T09:30:00Z");
  private static final Instant EVENT_TIME = Instant.parse("2026-11-21T15:04:05.123Z");

  @TempDir static Path data;
  private static StateStore store;

  private OneKeyTrigger one;
  private CurrentContentFn fn;
  private WebhookTrigger trigger;
  private String key;

  @BeforeAll
  static void start() {
    store = new StateStore(data);
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @BeforeEach
  void setUp(TestInfo test) {
    // a trigger and a key per test: receipts and objects do not leak between tests
    one = OneKeyTrigger.start(store, test, "r", TOKEN);
    key = one.key();
    fn = one.fn();
    trigger = one.trigger();
  }

  @AfterEach
  void tearDown() {
    one.close();
  }

  @Test
  void post_shouldProcessTheFirstContentAgain_whenItIsUploadedAgainAfterOtherContent() throws Exception {
    String a = uploadAndPost("A", "0001");
    String b = uploadAndPost("B", "0002");

    uploadAndPost("A", "0003");

    assertThat(fn.processed()).as("the content the thumbnails were made from, in order").containsExactly(a, b, a);
  }

  @Test
  void post_shouldProcessOnce_whenTheSameContentIsUploadedTwiceInARow() throws Exception {
    String a = uploadAndPost("A", "0001");

    uploadAndPost("A", "0002");

    assertThat(fn.processed()).containsExactly(a);
    assertThat(trigger.delivered("duplicates")).isEqualTo(1);
  }

  @Test
  void post_shouldChangeNothing_whenAnOldVersionsEventComesAgain_andProcessThatContentWhenItIsUploadedAgain()
      throws Exception {
    String a = uploadAndPost("A", "0001");
    String b = uploadAndPost("B", "0002");
    uploadAndPost("A", "0003");

    long before = trigger.finished();
    post(created(b, "0002", EVENT_TIME));
    awaitFinished(before + 1);

    assertThat(fn.calls()).hasSize(4);
    assertThat(fn.processed()).containsExactly(a, b, a);
    assertThat(trigger.listener().sweepNow().dispatched()).as("the current content's receipt is kept").isZero();
    uploadAndPost("B", "0004");
    assertThat(fn.processed()).containsExactly(a, b, a, b);
  }

  @Test
  void sweep_shouldProcessTheFirstContentAgain_whenItIsUploadedAgainAfterOtherContent_withoutEvents()
      throws Exception {
    String a = uploadDated("A", UPLOADED);
    sweepAndAwait(1);
    // a sweep that finds the version settled remembers it
    assertThat(trigger.listener().sweepNow().dispatched()).isZero();
    String b = uploadDated("B", UPLOADED.plusSeconds(60));
    sweepAndAwait(2);

    uploadDated("A", UPLOADED.plusSeconds(120));
    sweepAndAwait(3);

    assertThat(fn.processed()).containsExactly(a, b, a);
  }

  @Test
  void sweep_shouldProcessTheSameBytesAgain_whenTheOriginalWasDeletedAndUploadedAgain_withoutEvents() throws Exception {
    String a = uploadDated("A", UPLOADED);
    sweepAndAwait(1);
    store.s3().deleteObject(r -> r.bucket(StateStore.UPLOADS).key(key));

    uploadDated("A", UPLOADED.plusSeconds(60));
    sweepAndAwait(2);

    assertThat(fn.processed()).containsExactly(a, a);
    assertThat(trigger.listener().sweepNow().dispatched()).as("that upload is settled in turn").isZero();
  }

  @Test
  void sweep_shouldProcessTheSameBytesAgain_whenTheyWereUploadedAgainLater_sinceItCannotTellWhetherTheyWereRemovedBetween()
      throws Exception {
    String a = uploadDated("A", UPLOADED);
    sweepAndAwait(1);
    assertThat(trigger.listener().sweepNow().dispatched()).isZero();

    uploadDated("A", UPLOADED.plusSeconds(60));
    sweepAndAwait(2);

    assertThat(fn.processed()).containsExactly(a, a);
  }

  @Test
  void postThenSweep_shouldProcessOnce_whenAnEventReportedTheSameBytesUploadedOverThemselves() throws Exception {
    // times ahead of the clock: the events' times, not the claims', are what the sweep compares with
    Instant first = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    String a = uploadDated("A", first);
    long before = trigger.finished();
    post(created(a, "0001", first.plusMillis(200)));
    awaitFinished(before + 1);

    uploadDated("A", first.plusSeconds(60));
    post(created(a, "0002", first.plusSeconds(60).plusMillis(200)));
    awaitFinished(before + 2);

    assertThat(trigger.delivered("duplicates")).isEqualTo(1);
    assertThat(trigger.listener().sweepNow().dispatched()).as("the event said that upload is the same bytes").isZero();
    assertThat(fn.processed()).containsExactly(a);
  }

  @Test
  void sweep_shouldApplyARemovalOnce_whenTheOriginalWasDeletedWithoutAnEvent_andProcessItsBytesWhenTheyComeBack()
      throws Exception {
    String a = uploadDated("A", UPLOADED);
    sweepAndAwait(1);
    store.s3().deleteObject(r -> r.bucket(StateStore.UPLOADS).key(key));

    SweepReport removal = trigger.listener().sweepNow();
    eventually(() -> fn.calls().size() == 2 && trigger.finished() == 2);
    trigger.awaitSettled();
    SweepReport after = trigger.listener().sweepNow();

    assertThat(removal.removals()).isEqualTo(1);
    assertThat(((BlobEvent) fn.calls().get(1)).blob().change()).isEqualTo(Change.removed);
    assertThat(((BlobEvent) fn.calls().get(1)).blob().key()).isEqualTo(key);
    assertThat(after.removals()).as("applied once").isZero();
    assertThat(after.dispatched()).isZero();
    uploadDated("A", UPLOADED.plusSeconds(60));
    sweepAndAwait(3);
    assertThat(fn.processed()).containsExactly(a, a);
  }

  /** Uploads {@code content} under the test's key, posts its event, and waits until the change is done with. */
  private String uploadAndPost(String content, String sequencer) throws Exception {
    String etag = store.upload(key, content);
    long before = trigger.finished();
    post(created(etag, sequencer, EVENT_TIME));
    awaitFinished(before + 1);
    return etag;
  }

  private String uploadDated(String content, Instant lastModified) {
    String etag = store.upload(key, content);
    store.age(key, lastModified);
    return etag;
  }

  private void sweepAndAwait(int calls) throws InterruptedException {
    assertThat(trigger.listener().sweepNow().dispatched()).isEqualTo(1);
    eventually(() -> fn.calls().size() == calls && trigger.finished() == calls);
    trigger.awaitSettled();
  }

  private void post(String body) throws Exception {
    one.post(body);
  }

  /** A MinIO webhook body for one created object of the test's key. */
  private String created(String etag, String sequencer, Instant eventTime) {
    return MinioEvents.created(key, etag, null, sequencer, eventTime);
  }


  private void awaitFinished(long count) {
    one.awaitFinished(count);
  }

}
