package io.fnjobs.triggers.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.layout.StateLayout;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Receipts on the real embedded S3 server; two instances are two stores with their own clocks. */
class ObjectStoreReceiptsTest {

  private static final String TRIGGER = "thumbs";
  private static final Instant T0 = Instant.parse("2026-11-21T15:00:00Z");

  @TempDir static Path data;
  private static StateStore store;

  @BeforeAll
  static void start() {
    store = new StateStore(data);
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  private static ObjectStoreReceipts at(Instant now) {
    return new ObjectStoreReceipts(store.s3(), StateStore.STATE, Clock.fixed(now, ZoneOffset.UTC));
  }

  private static ObjectChange change(String key, String etag) {
    return ObjectChange.created(StateStore.UPLOADS, key, etag, 10L, ObjectChange.Source.webhook);
  }

  @Test
  void claim_shouldHoldTheVersion_forTheFirstClaimantOnly() {
    ObjectChange change = change("images/first.jpg", "e1");

    Claim first = at(T0).claim(TRIGGER, change, "a", T0.plusSeconds(60));
    Claim second = at(T0).claim(TRIGGER, change.from(ObjectChange.Source.sweep), "b", T0.plusSeconds(60));

    assertThat(first).isInstanceOf(Claim.Held.class);
    assertThat(((Claim.Held) first).receipt().holder()).isEqualTo("a");
    assertThat(second).isInstanceOf(Claim.HeldElsewhere.class);
    assertThat(store.s3().headObject(r -> r.bucket(StateStore.STATE)
        .key(StateLayout.receipt(TRIGGER, StateStore.UPLOADS, "images/first.jpg", "e1"))).contentLength()).isPositive();
  }

  @Test
  void claim_shouldAnswerSettled_onceTheVersionIsSettled_butHoldNewContent() {
    ObjectChange change = change("images/settled.jpg", "e1");
    Claim.Held held = (Claim.Held) at(T0).claim(TRIGGER, change, "a", T0.plusSeconds(60));
    at(T0).settle(held, 1, Receipt.State.succeeded, "done");

    Claim again = at(T0.plusSeconds(5)).claim(TRIGGER, change, "b", T0.plusSeconds(65));
    Claim newContent = at(T0.plusSeconds(5)).claim(TRIGGER, change("images/settled.jpg", "e2"), "b", T0.plusSeconds(65));

    assertThat(again).isInstanceOf(Claim.Settled.class);
    assertThat(((Claim.Settled) again).receipt().state()).isEqualTo(Receipt.State.succeeded);
    assertThat(((Claim.Settled) again).receipt().detail()).isEqualTo("done");
    assertThat(newContent).isInstanceOf(Claim.Held.class);
  }

  @Test
  void claim_shouldTakeOver_whenTheHoldRanOut_countingTheAttemptsMade() {
    ObjectChange change = change("images/lapsed.jpg", "e1");
    Claim.Held held = (Claim.Held) at(T0).claim(TRIGGER, change, "a", T0.plusSeconds(60));
    Claim.Held renewed = at(T0).hold(held, 2, T0.plusSeconds(90));

    Claim early = at(T0.plusSeconds(80)).claim(TRIGGER, change, "b", T0.plusSeconds(200));
    Claim late = at(T0.plusSeconds(100)).claim(TRIGGER, change, "b", T0.plusSeconds(200));

    assertThat(early).isInstanceOf(Claim.HeldElsewhere.class);
    assertThat(late).isInstanceOf(Claim.Held.class);
    assertThat(((Claim.Held) late).receipt().holder()).isEqualTo("b");
    assertThat(((Claim.Held) late).receipt().attempts()).isEqualTo(2);
    assertThatThrownBy(() -> at(T0.plusSeconds(101)).settle(renewed, 1, Receipt.State.succeeded, "late"))
        .isInstanceOf(LostClaimException.class);
  }

  @Test
  void claim_shouldLetExactlyOneOfEightRacersHoldTheVersion() throws Exception {
    ObjectChange change = change("images/raced.jpg", "e1");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Claim>> racers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String holder = "instance-" + i;
        racers.add(() -> at(T0).claim(TRIGGER, change, holder, T0.plusSeconds(60)));
      }
      List<Claim> claims = new ArrayList<>();
      for (Future<Claim> claim : pool.invokeAll(racers)) {
        claims.add(claim.get());
      }

      assertThat(claims).filteredOn(claim -> claim instanceof Claim.Held).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void claimAndSettle_shouldKnowTheirOwnWrites_whenTheyWentThroughButTheClientSawThemFail() {
    ObjectChange change = change("images/answer lost.jpg", "e1");
    ObjectStoreReceipts lossy = new ObjectStoreReceipts(store.s3(),
        new AnswerLostStore(new io.fnjobs.common.store.S3ConditionalStore(store.s3(), StateStore.STATE)),
        Clock.fixed(T0, ZoneOffset.UTC));

    Claim claim = lossy.claim(TRIGGER, change, "a", T0.plusSeconds(60));

    assertThat(claim).isInstanceOf(Claim.Held.class);
    Claim.Held held = lossy.hold((Claim.Held) claim, 1, T0.plusSeconds(90));
    lossy.settle(held, 2, Receipt.State.succeeded, "done");
    assertThat(at(T0).find(TRIGGER, change).orElseThrow().state()).isEqualTo(Receipt.State.succeeded);
    assertThat(at(T0).find(TRIGGER, change).orElseThrow().attempts()).isEqualTo(2);
  }

  @Test
  void reopen_shouldTakeADeadLetteredVersion_keepingTheAttemptsMade() {
    ObjectChange change = change("images/dead.jpg", "e1");
    Claim.Held held = (Claim.Held) at(T0).claim(TRIGGER, change, "a", T0.plusSeconds(60));
    at(T0).settle(held, 5, Receipt.State.deadLettered, "HTTP 502");

    Claim claim = at(T0.plusSeconds(10)).claim(TRIGGER, change, "b", T0.plusSeconds(70));
    Claim reopened = at(T0.plusSeconds(10)).reopen(TRIGGER, change, "b", T0.plusSeconds(70));

    assertThat(claim).isInstanceOf(Claim.Settled.class);
    assertThat(reopened).isInstanceOf(Claim.Held.class);
    assertThat(((Claim.Held) reopened).receipt().attempts()).isEqualTo(5);
    assertThat(((Claim.Held) reopened).receipt().state()).isEqualTo(Receipt.State.processing);
  }

  @Test
  void forgetOtherVersions_shouldDropEveryReceiptOfTheObject_butTheOneNamed() {
    String key = "images/gone and back.jpg";
    settle(change(key, "e1"));
    settle(change(key, "e2"));
    ObjectChange removal = ObjectChange.told(new BlobChange(Change.removed, StateStore.UPLOADS, key, null, null, null, "00AA"), null, ObjectChange.Source.webhook);
    settle(removal);
    settle(change("images/other.jpg", "e1"));

    int forgotten = at(T0).forgetOtherVersions(TRIGGER, StateStore.UPLOADS, key, removal.version());

    assertThat(forgotten).isEqualTo(2);
    assertThat(at(T0).find(TRIGGER, change(key, "e1"))).isEmpty();
    assertThat(at(T0).find(TRIGGER, removal)).isPresent();
    assertThat(at(T0).find(TRIGGER, change("images/other.jpg", "e1"))).isPresent();
  }

  @Test
  void forget_shouldDropTheClaimedVersionsReceipt_soThatItIsClaimedAfresh_andItsHolderLosesTheClaim() {
    ObjectChange stale = change("images/stale.jpg", "e1");
    Claim.Held held = (Claim.Held) at(T0).claim(TRIGGER, stale, "a", T0.plusSeconds(60));

    at(T0).forget(held);

    assertThat(at(T0).find(TRIGGER, stale)).isEmpty();
    assertThatThrownBy(() -> at(T0).settle(held, 1, Receipt.State.succeeded, "done"))
        .isInstanceOf(LostClaimException.class);
    assertThat(at(T0).claim(TRIGGER, stale, "b", T0.plusSeconds(60))).isInstanceOf(Claim.Held.class);
  }

  @Test
  void claim_shouldTakeAVersionAtOnce_whenAnEarlierStartOfTheSameInstanceHoldsIt_butNotWhenThisStartOrAnotherInstanceDoes() {
    ObjectChange change = change("images/left behind.jpg", "e1");
    Claim.Held left = (Claim.Held) at(T0).claim(TRIGGER, change, "host-a#start1", T0.plusSeconds(600));
    at(T0).hold(left, 2, T0.plusSeconds(600));

    Claim sameStart = at(T0.plusSeconds(5)).claim(TRIGGER, change, "host-a#start1", T0.plusSeconds(600));
    Claim otherInstance = at(T0.plusSeconds(5)).claim(TRIGGER, change, "host-b#start1", T0.plusSeconds(600));
    Claim restarted = at(T0.plusSeconds(5)).claim(TRIGGER, change, "host-a#start2", T0.plusSeconds(600));

    assertThat(sameStart).isInstanceOf(Claim.HeldElsewhere.class);
    assertThat(otherInstance).isInstanceOf(Claim.HeldElsewhere.class);
    assertThat(restarted).isInstanceOf(Claim.Held.class);
    assertThat(((Claim.Held) restarted).receipt().holder()).isEqualTo("host-a#start2");
    assertThat(((Claim.Held) restarted).receipt().attempts()).as("the attempts made before the restart count").isEqualTo(2);
  }

  @Test
  void unfinished_shouldListWhatAnEarlierStartHeld_keepTheNotesOfThisStart_andDropTheNotesOfFinishedWork() {
    String trigger = "resumed";
    ObjectChange left = change("images/unfinished.jpg", "e1");
    ObjectChange finished = change("images/finished.jpg", "e1");
    ObjectChange takenOver = change("images/taken over.jpg", "e1");
    ObjectChange inFlight = change("images/in flight.jpg", "e1");
    at(T0).claim(trigger, left, "host-a#start1", T0.plusSeconds(600));
    Claim.Held done = (Claim.Held) at(T0).claim(trigger, finished, "host-a#start1", T0.plusSeconds(600));
    at(T0).settle(done, 1, Receipt.State.succeeded, "done");
    at(T0).claim(trigger, takenOver, "host-a#start1", T0.plusSeconds(60));
    at(T0.plusSeconds(61)).claim(trigger, takenOver, "host-b#start1", T0.plusSeconds(600));
    at(T0).claim(trigger, inFlight, "host-a#start2", T0.plusSeconds(600));
    at(T0).claim(trigger, change("images/elsewhere.jpg", "e1"), "host-b#start1", T0.plusSeconds(600));

    List<ObjectChange> unfinished = at(T0.plusSeconds(62)).unfinished(trigger, "host-a#start2");

    assertThat(unfinished).as("with every field of the change it was claimed for").containsExactly(left);
    assertThat(notes("host-a", trigger)).as("the notes of work gone elsewhere or done are dropped")
        .containsExactlyInAnyOrder(StateLayout.receiptHold("host-a", receiptKey(trigger, left)),
            StateLayout.receiptHold("host-a", receiptKey(trigger, inFlight)));
    assertThat(notes("host-b", trigger)).hasSize(2);
  }

  @Test
  void settleAndForget_shouldDropTheHoldersNote() {
    String trigger = "noted";
    ObjectChange settled = change("images/noted.jpg", "e1");
    ObjectChange forgotten = change("images/forgotten.jpg", "e1");
    Claim.Held first = (Claim.Held) at(T0).claim(trigger, settled, "host-a#start1", T0.plusSeconds(60));
    Claim.Held second = (Claim.Held) at(T0).claim(trigger, forgotten, "host-a#start1", T0.plusSeconds(60));
    assertThat(notes("host-a", trigger)).hasSize(2);

    at(T0).settle(first, 1, Receipt.State.succeeded, "done");
    at(T0).forget(second);

    assertThat(notes("host-a", trigger)).isEmpty();
  }

  @Test
  void claim_shouldTakeASettledVersionAnew_whenTheSweepListsALaterUploadOfTheSameBytes() {
    String key = "images/deleted and uploaded again.jpg";
    Instant uploaded = T0.minusSeconds(3600);
    ObjectChange first = ObjectChange.listed(StateStore.UPLOADS, key, "e1", 10L, null, uploaded);
    Claim.Held held = (Claim.Held) at(T0).claim(TRIGGER, first, "host-a#s", T0.plusSeconds(60));
    at(T0).settle(held, 1, Receipt.State.succeeded, "done");

    Claim sameUpload = at(T0.plusSeconds(10)).claim(TRIGGER, first, "host-a#s", T0.plusSeconds(70));
    Claim sameSecond = at(T0.plusSeconds(10)).claim(TRIGGER,
        ObjectChange.listed(StateStore.UPLOADS, key, "e1", 10L, null, uploaded.plusMillis(900)), "host-a#s", T0.plusSeconds(70));
    Claim later = at(T0.plusSeconds(10)).claim(TRIGGER,
        ObjectChange.listed(StateStore.UPLOADS, key, "e1", 10L, null, uploaded.plusSeconds(1)), "host-a#s", T0.plusSeconds(70));

    assertThat(sameUpload).isInstanceOf(Claim.Settled.class);
    assertThat(sameSecond).as("Last-Modified has whole seconds").isInstanceOf(Claim.Settled.class);
    assertThat(later).isInstanceOf(Claim.Held.class);
    assertThat(((Claim.Held) later).receipt().attempts()).as("a new upload starts its attempts afresh").isZero();
    assertThat(((Claim.Held) later).receipt().modifiedAt()).isEqualTo(uploaded.plusSeconds(1).toString());
  }

  @Test
  void claim_shouldStaySettled_whenAnEventReportsTheSameBytesUploadedOverThemselves_andCoverThatUploadForTheSweep() {
    String key = "images/uploaded over itself.jpg";
    Instant uploaded = T0.minusSeconds(3600);
    ObjectChange byEvent = ObjectChange.told(new BlobChange(Change.created, StateStore.UPLOADS, key, "e1", 10L, null, "01"), uploaded.plusMillis(100).toString(), ObjectChange.Source.webhook);
    Claim.Held held = (Claim.Held) at(uploaded.plusSeconds(1)).claim(TRIGGER, byEvent, "host-a#s", T0.plusSeconds(60));
    at(uploaded.plusSeconds(1)).settle(held, 1, Receipt.State.succeeded, "done");
    ObjectChange again = ObjectChange.told(new BlobChange(Change.created, StateStore.UPLOADS, key, "e1", 10L, null, "02"), uploaded.plusSeconds(60).toString(), ObjectChange.Source.webhook);

    Claim duplicate = at(uploaded.plusSeconds(61)).claim(TRIGGER, again, "host-a#s", T0.plusSeconds(60));
    Claim swept = at(uploaded.plusSeconds(62)).claim(TRIGGER,
        ObjectChange.listed(StateStore.UPLOADS, key, "e1", 10L, null, uploaded.plusSeconds(60)), "host-a#s",
        T0.plusSeconds(60));

    assertThat(duplicate).isInstanceOf(Claim.Settled.class);
    assertThat(swept).as("the event said this upload is the same bytes over themselves").isInstanceOf(Claim.Settled.class);
  }

  @Test
  void claim_shouldCompareWithTheUpdateTime_ofAReceiptWrittenBeforeUploadTimesWereKept() {
    String key = "images/old receipt.jpg";
    Receipt old = new Receipt(TRIGGER, StateStore.UPLOADS, key, "e1", StateStore.UPLOADS + "/" + key + "@e1",
        Receipt.State.succeeded, 1, "triggers-1a2b3c4d", null, T0.toString(), "done", null);
    store.s3().putObject(r -> r.bucket(StateStore.STATE).key(StateLayout.receipt(TRIGGER, StateStore.UPLOADS, key, "e1")),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(io.fnjobs.common.json.Json.write(old)));

    Claim before = at(T0.plusSeconds(5)).claim(TRIGGER,
        ObjectChange.listed(StateStore.UPLOADS, key, "e1", 10L, null, T0.minusSeconds(30)), "host-a#s", T0.plusSeconds(60));
    Claim after = at(T0.plusSeconds(5)).claim(TRIGGER,
        ObjectChange.listed(StateStore.UPLOADS, key, "e1", 10L, null, T0.plusSeconds(3)), "host-a#s", T0.plusSeconds(60));

    assertThat(before).isInstanceOf(Claim.Settled.class);
    assertThat(after).isInstanceOf(Claim.Held.class);
  }

  private static String receiptKey(String trigger, ObjectChange change) {
    return StateLayout.receipt(trigger, change.blob().bucket(), change.blob().key(), change.version());
  }

  private static List<String> notes(String instance, String trigger) {
    return store.s3().listObjectsV2Paginator(r -> r.bucket(StateStore.STATE)
        .prefix(StateLayout.receiptHolds(instance, trigger))).contents().stream().map(object -> object.key()).toList();
  }

  private static void settle(ObjectChange change) {
    Claim.Held held = (Claim.Held) at(T0).claim(TRIGGER, change, "a", T0.plus(Duration.ofMinutes(1)));
    at(T0).settle(held, 1, Receipt.State.succeeded, "done");
  }
}
