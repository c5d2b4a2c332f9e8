package io.fnjobs.triggers.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class S3EventFormatTest {

  private static final String ODD_KEY = "images/summer 2026/cat photo+1 ünï 100%.jpg";

  @Test
  void minioWebhook_shouldDecodeTheKey_withSpacesPlusUnicodeAndPercent() {
    List<ObjectChange> changes = S3EventFormat.minioWebhook(bytes("minio-put.json"));

    assertThat(changes).containsExactly(new ObjectChange(Change.created, "uploads", ODD_KEY,
        "9b2cf535f27731c974343645a3985328", 2048L, null, "187A0C2B5D6E7F80", "2026-11-21T15:04:05.123Z",
        ObjectChange.Source.webhook));
  }

  @Test
  void minioWebhook_shouldReadARemoval_withoutETag() {
    ObjectChange removal = S3EventFormat.minioWebhook(bytes("minio-delete.json")).get(0);

    assertThat(removal.change()).isEqualTo(Change.removed);
    assertThat(removal.key()).isEqualTo("images/cat.jpg");
    assertThat(removal.etag()).isNull();
    assertThat(removal.version()).isEqualTo("removed:187A0C2B5D6E7F81");
    assertThat(removal.idempotencyKey()).isEqualTo("blob:uploads/images/cat.jpg#v:removed:187A0C2B5D6E7F81");
  }

  @Test
  void minioWebhook_shouldIgnoreOtherKindsOfEvent() {
    assertThat(S3EventFormat.minioWebhook(bytes("minio-accessed.json"))).isEmpty();
  }

  @Test
  void minioWebhook_shouldRefuse_whenTheBodyIsNotAnEvent() {
    assertThatThrownBy(() -> S3EventFormat.minioWebhook("{\"hello\":1}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("no Records array");
    assertThatThrownBy(() -> S3EventFormat.minioWebhook("not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("is not JSON");
  }

  @Test
  void queueMessage_shouldDecodeAwsKeys_andKeepTheVersionId() {
    ObjectChange change = S3EventFormat.queueMessage(Fixtures.event("s3-put.json")).get(0);

    assertThat(change.change()).isEqualTo(Change.created);
    assertThat(change.key()).isEqualTo(ODD_KEY);
    assertThat(change.etag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e-3");
    assertThat(change.size()).isEqualTo(20_971_520L);
    assertThat(change.version()).isEqualTo("096fKKXTRTtl3on89fVO.nfljtsv6qko");
    assertThat(change.source()).isEqualTo(ObjectChange.Source.queue);
  }

  @Test
  void queueMessage_shouldAnswerNothing_forTheTestEventS3SendsOnSetup() {
    assertThat(S3EventFormat.queueMessage(Fixtures.event("s3-test-event.json"))).isEmpty();
  }

  @Test
  void queueMessage_shouldUnwrapAnSnsEnvelope_andReadADeleteMarkerAsARemoval() {
    ObjectChange change = S3EventFormat.queueMessage(Fixtures.event("sns-wrapped-s3-delete.json")).get(0);

    assertThat(change.change()).isEqualTo(Change.removed);
    assertThat(change.key()).isEqualTo("images/a b.png");
    assertThat(change.version()).isEqualTo("Wn8rL3lKx0Hc0RjhP2Y7.2BQ7Zb0");
  }

  @Test
  void minioWebhook_shouldNameARemovalWithoutSequencer_byItsEventTime() {
    ObjectChange removal = S3EventFormat.minioWebhook(bytes("minio-delete-unsequenced.json")).get(0);
    ObjectChange redelivered = S3EventFormat.minioWebhook(bytes("minio-delete-unsequenced.json")).get(0);
    ObjectChange later = S3EventFormat.minioWebhook(bytes("minio-delete-unsequenced.json", "15:04:06.512Z", "15:09:41.007Z"))
        .get(0);

    assertThat(removal.version()).isEqualTo("removed:at:2026-11-21T15:04:06.512Z");
    assertThat(removal.idempotencyKey()).isEqualTo("blob:uploads/images/cat.jpg#v:removed:at:2026-11-21T15:04:06.512Z");
    assertThat(redelivered.version()).isEqualTo(removal.version());
    assertThat(redelivered.idempotencyKey()).isEqualTo(removal.idempotencyKey());
    assertThat(later.version()).isNotEqualTo(removal.version());
    assertThat(later.idempotencyKey()).isNotEqualTo(removal.idempotencyKey());
  }

  @Test
  void minioWebhook_shouldRefuseARemoval_withNothingToTellItFromOtherRemovalsOfTheKey() {
    byte[] body = bytes("minio-delete-unsequenced.json", "\"eventTime\": \"2026-11-21T15:04:06.512Z\",", "");

    assertThatThrownBy(() -> S3EventFormat.minioWebhook(body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("a removal without s3.object.versionId, s3.object.sequencer or eventTime");
  }

  @Test
  void decodeKey_shouldRefuseABrokenEscape_namingTheKey() {
    assertThatThrownBy(() -> S3EventFormat.decodeKey("images%2Fbad%zz.jpg"))
        .isInstanceOf(InvalidEventException.class).hasMessageContaining("'images%2Fbad%zz.jpg'");
  }

  @Test
  void kindOf_shouldMapCreatedRemovedAndExpiry_andIgnoreTheRest() {
    assertThat(S3EventFormat.kindOf("s3:ObjectCreated:Copy")).contains(Change.created);
    assertThat(S3EventFormat.kindOf("ObjectCreated:Put")).contains(Change.created);
    assertThat(S3EventFormat.kindOf("s3:ObjectRemoved:DeleteMarkerCreated")).contains(Change.removed);
    assertThat(S3EventFormat.kindOf("LifecycleExpiration:Delete")).contains(Change.removed);
    assertThat(S3EventFormat.kindOf("s3:ObjectRestore:Completed")).isEmpty();
  }

  private static byte[] bytes(String fixture) {
    return Fixtures.event(fixture).getBytes(StandardCharsets.UTF_8);
  }

  /** The fixture with {@code text} replaced. */
  private static byte[] bytes(String fixture, String text, String replacement) {
    String event = Fixtures.event(fixture);
    if (!event.contains(text)) {
      throw new IllegalArgumentException(fixture + " has no " + text);
    }
    return event.replace(text, replacement).getBytes(StandardCharsets.UTF_8);
  }

}
