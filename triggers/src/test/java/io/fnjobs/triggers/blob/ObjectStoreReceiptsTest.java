package io.fnjobs.triggers.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    ObjectChange removal = new ObjectChange(Change.removed, StateStore.UPLOADS, key, null, null, null, "00AA",
        null, ObjectChange.Source.webhook);
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

  private static void settle(ObjectChange change) {
    Claim.Held held = (Claim.Held) at(T0).claim(TRIGGER, change, "a", T0.plus(Duration.ofMinutes(1)));
    at(T0).settle(held, 1, Receipt.State.succeeded, "done");
  }
}
