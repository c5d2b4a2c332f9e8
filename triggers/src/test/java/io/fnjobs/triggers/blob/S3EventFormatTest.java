package io.fnjobs.triggers.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class S3EventFormatTest {

  private static final String ODD_KEY = "images/summer 2026/cat photo+1 ünï 100%.jpg";

  @Test
  void minioWebhook_shouldDecodeTheKey_withSpacesPlusUnicodeAndPercent() {
    List<ObjectChange> changes = S3EventFormat.minioWebhook(bytes("minio-put.json"));

    assertThat(changes).containsExactly(ObjectChange.told(new BlobChange(Change.created, "uploads", ODD_KEY, "9b2cf535f27731c974343645a3985328", 2048L, null, "187A0C2B5D6E7F80"), "2026-11-21T15:04:05.123Z", ObjectChange.Source.webhook));
  }

  @Test
  void minioWebhook_shouldReadARemoval_withoutETag() {
    ObjectChange removal = S3EventFormat.minioWebhook(bytes("minio-delete.json")).get(0);

    assertThat(removal.blob().change()).isEqualTo(Change.removed);
    assertThat(removal.blob().key()).isEqualTo("images/cat.jpg");
    assertThat(removal.blob().etag()).isNull();
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

    assertThat(change.blob().change()).isEqualTo(Change.created);
    assertThat(change.blob().key()).isEqualTo(ODD_KEY);
    assertThat(change.blob().etag()).isEqualTo("d41d8cd98f00b204e9800998ecf8427e-3");
    assertThat(change.blob().size()).isEqualTo(20_971_520L);
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

    assertThat(change.blob().change()).isEqualTo(Change.removed);
    assertThat(change.blob().key()).isEqualTo("images/a b.png");
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
        .hasMessageContaining("Records[0] is a removal without s3.object.versionId, s3.object.sequencer or eventTime");
  }

  @Test
  void minioWebhook_shouldRefuseACreatedObjectWithoutETag_asAnInvalidEvent() {
    byte[] body = bytes("minio-put.json", "\"eTag\": \"9b2cf535f27731c974343645a3985328\",", "");

    assertThatThrownBy(() -> S3EventFormat.minioWebhook(body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("Records[0] is a created object without s3.object.eTag or s3.object.versionId");
  }

  @ParameterizedTest
  @ValueSource(strings = {"images%2", "images%2Fbad%zz.jpg", "images%2F%+1.jpg", "images%2F%-0.jpg", "images%2F%C3%28.jpg",
      "images%2F%C3", "images%2F%E0%B9.jpg", "images%2F%%41.jpg"})
  void decodeKey_shouldRefuseABrokenEscape_namingTheFieldAndTheKey(String raw) {
    assertThatThrownBy(() -> S3EventFormat.decodeKey("Records[3].s3.object.key", raw))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageStartingWith("Records[3].s3.object.key '" + raw + "' is not URL-encoded as S3 and MinIO send keys");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "images%2Fa+b.jpg | images/a b.jpg",
      "images/a%2Bb.jpg | images/a+b.jpg",
      "images/100%25.jpg | images/100%.jpg",
      "images/%C3%BCn%C3%AF.jpg | images/ünï.jpg",
      "images/%f0%9f%90%88.jpg | images/\uD83D\uDC08.jpg",
      "images/ünï ~*.jpg | images/ünï ~*.jpg"})
  void decodeKey_shouldDecodeSpacesPlusesPercentsAndUnicode(String raw, String expected) {
    assertThat(S3EventFormat.decodeKey("s3.object.key", raw)).isEqualTo(expected);
  }

  @Test
  void minioWebhook_shouldRefuseTheWholeBody_namingTheRecord_whenOneOfItsKeysHasABrokenEscape() {
    String put = Fixtures.event("minio-put.json");
    String record = put.substring(put.indexOf('[') + 1, put.lastIndexOf(']'));
    String broken = record.replace("images%2Fsummer+2026%2Fcat+photo%2B1+%C3%BCn%C3%AF+100%25.jpg", "images%2");
    byte[] body = put.replace(record, record + "," + broken).getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> S3EventFormat.minioWebhook(body))
        .isInstanceOf(InvalidEventException.class)
        .hasMessageContaining("Records[1].s3.object.key 'images%2'");
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
