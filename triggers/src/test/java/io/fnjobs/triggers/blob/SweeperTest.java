package io.fnjobs.triggers.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep over the real embedded S3 server, three objects a page so that it pages. */
class SweeperTest {

  private static final String TRIGGER = "thumbs";
  private static final BlobSource SOURCE = new BlobSource("uploads", "images/", List.of(".jpg", ".png"),
      Set.of(Change.created, Change.removed), Duration.ofMinutes(1), null, 1);

  @TempDir static Path data;
  private static StateStore store;
  private static ObjectStoreReceipts receipts;

  @BeforeAll
  static void start() {
    store = new StateStore(data);
    receipts = new ObjectStoreReceipts(store.s3(), StateStore.STATE, Clock.systemUTC());
    for (int i = 0; i < 7; i++) {
      store.upload("images/photo " + i + ".jpg", "image " + i);
    }
    store.upload("images/notes.txt", "not watched: suffix");
    store.upload("documents/scan.jpg", "not watched: prefix");
    store.upload("images/CAPS.PNG", "watched: suffixes compare without case");
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @Test
  void sweep_shouldHandOverEveryWatchedVersionWithoutASettledReceipt_pageByPage() throws Exception {
    List<ObjectChange> found = new CopyOnWriteArrayList<>();
    Sweeper sweeper = new Sweeper(TRIGGER, SOURCE, store.s3(), receipts, found::add, Clock.systemUTC(), null, 3);
    ObjectChange settled = found("images/photo 0.jpg", "image 0");
    settle(settled, Instant.now().plusSeconds(60));
    ObjectChange lapsed = found("images/photo 1.jpg", "image 1");
    receipts.claim(TRIGGER, lapsed, "a crashed instance", Instant.now().minusSeconds(1));
    ObjectChange held = found("images/photo 2.jpg", "image 2");
    receipts.claim(TRIGGER, held, "a live instance", Instant.now().plusSeconds(60));

    SweepReport report = sweeper.sweep();

    assertThat(report.listed()).isEqualTo(9);
    assertThat(report.watched()).isEqualTo(8);
    assertThat(report.dispatched()).isEqualTo(6);
    assertThat(found).extracting(change -> change.blob().key()).containsExactlyInAnyOrder("images/CAPS.PNG", "images/photo 1.jpg",
        "images/photo 3.jpg", "images/photo 4.jpg", "images/photo 5.jpg", "images/photo 6.jpg");
    assertThat(found).allSatisfy(change -> {
      assertThat(change.source()).isEqualTo(ObjectChange.Source.sweep);
      assertThat(change.blob().change()).isEqualTo(Change.created);
      assertThat(change.blob().etag()).doesNotContain("\"");
    });
    assertThat(found.stream().filter(c -> c.blob().key().equals("images/photo 1.jpg")).findFirst().orElseThrow().version())
        .isEqualTo(lapsed.version());
    assertThat(report.objectsPerSecond()).isPositive();
  }

  @Test
  void sweep_shouldRememberSettledVersions_withoutHandingThemOverAgain() throws Exception {
    List<ObjectChange> found = new CopyOnWriteArrayList<>();
    Sweeper sweeper = new Sweeper("other", SOURCE, store.s3(), receipts, found::add, Clock.systemUTC(), null, 3);
    SweepReport first = sweeper.sweep();
    for (ObjectChange change : found) {
      Claim.Held claim = (Claim.Held) receipts.claim("other", change, "me", Instant.now().plusSeconds(60));
      receipts.settle(claim, 1, Receipt.State.succeeded, "done");
    }
    found.clear();

    sweeper.sweep();
    SweepReport third = sweeper.sweep();

    assertThat(first.dispatched()).isEqualTo(8);
    assertThat(third.dispatched()).isZero();
    assertThat(found).isEmpty();
    assertThat(sweeper.remembered()).isEqualTo(8);
  }

  @Test
  void sweep_shouldHandOverAVersionAnEarlierStartOfThisInstanceHolds_butNotOneThisStartHolds() throws Exception {
    List<ObjectChange> found = new CopyOnWriteArrayList<>();
    Sweeper sweeper = new Sweeper("restarted", SOURCE, store.s3(), receipts, found::add, Clock.systemUTC(),
        "host-a#start2", 3);
    receipts.claim("restarted", found("images/photo 3.jpg", "image 3"), "host-a#start1", Instant.now().plusSeconds(600));
    receipts.claim("restarted", found("images/photo 4.jpg", "image 4"), "host-a#start2", Instant.now().plusSeconds(600));
    receipts.claim("restarted", found("images/photo 5.jpg", "image 5"), "host-b#start1", Instant.now().plusSeconds(600));

    sweeper.sweep();

    assertThat(found).extracting(change -> change.blob().key()).contains("images/photo 3.jpg")
        .doesNotContain("images/photo 4.jpg", "images/photo 5.jpg");
  }

  @Test
  void sweep_shouldHandOverOneRemoval_perGoneObjectWhoseProcessedUploadStillHasItsReceipt() throws Exception {
    String trigger = "removals";
    Instant uploaded = Instant.parse("2026-11-21T09:30:00Z");
    settle(trigger, ObjectChange.listed("uploads", "images/gone.jpg", md5("gone"), 4L, null, uploaded));
    settle(trigger, ObjectChange.listed("uploads", "images/photo 6.jpg", md5("image 6"), 7L, null, uploaded));
    receipts.claim(trigger, ObjectChange.listed("uploads", "images/gone in flight.jpg", md5("x"), 1L, null, uploaded),
        "another instance#1", Instant.now().plusSeconds(600));
    settle(trigger, ObjectChange.told(new BlobChange(Change.removed, "uploads", "images/gone before.jpg", null, null, null, "0A"), null, ObjectChange.Source.webhook));
    List<ObjectChange> found = new CopyOnWriteArrayList<>();
    Sweeper sweeper = new Sweeper(trigger, SOURCE, store.s3(), receipts, found::add, Clock.systemUTC(), null, 3);

    SweepReport report = sweeper.sweep();

    assertThat(report.removals()).isEqualTo(1);
    ObjectChange removal = found.stream().filter(change -> change.blob().change() == Change.removed).findFirst().orElseThrow();
    assertThat(removal.blob().key()).isEqualTo("images/gone.jpg");
    assertThat(removal.version()).as("named after the upload that went, alike in every instance")
        .isEqualTo("removed:after:" + uploaded);
    assertThat(found).extracting(change -> change.blob().key()).doesNotContain("images/gone in flight.jpg", "images/gone before.jpg");
  }

  private static void settle(String trigger, ObjectChange change) {
    Claim.Held claim = (Claim.Held) receipts.claim(trigger, change, "me", Instant.now().plusSeconds(60));
    receipts.settle(claim, 1, Receipt.State.succeeded, "done");
  }

  private static ObjectChange found(String key, String content) {
    return ObjectChange.created("uploads", key, md5(content), null, ObjectChange.Source.sweep);
  }

  private static void settle(ObjectChange change, Instant until) {
    Claim.Held claim = (Claim.Held) receipts.claim(TRIGGER, change, "me", until);
    receipts.settle(claim, 1, Receipt.State.succeeded, "done");
  }

  private static String md5(String content) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
          .digest(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
