package io.fnjobs.common.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class IdempotencyKeysTest {

  private static final Instant FIRST = Instant.parse("2026-11-21T15:04:05Z");
  private static final Instant LATER = Instant.parse("2026-11-21T15:06:12Z");

  @Test
  void blobUpload_shouldNameTheVersionThenItsUpload() {
    assertThat(IdempotencyKeys.blobUpload("uploads", "images/cat.jpg", "\"9b2c\"", FIRST, "187A0C2B5D6E7F80"))
        .isEqualTo("blob:uploads/images/cat.jpg#etag:9b2c#modified:2026-11-21T15:04:05Z#sequencer:187A0C2B5D6E7F80");
  }

  @Test
  void blobUpload_shouldBeTheSame_whenTheSameEventComesAgain() {
    assertThat(IdempotencyKeys.blobUpload("uploads", "images/cat.jpg", "9b2c", FIRST, "0A01"))
        .isEqualTo(IdempotencyKeys.blobUpload("uploads", "images/cat.jpg", "9b2c", FIRST, "0A01"));
  }

  @Test
  void blobUpload_shouldDiffer_whenTheSameContentIsUploadedAgain_laterOrWithinTheSameSecond() {
    String first = IdempotencyKeys.blobUpload("uploads", "images/cat.jpg", "9b2c", FIRST, "0A01");

    assertThat(IdempotencyKeys.blobUpload("uploads", "images/cat.jpg", "9b2c", LATER, null)).isNotEqualTo(first);
    assertThat(IdempotencyKeys.blobUpload("uploads", "images/cat.jpg", "9b2c", FIRST, "0A03")).isNotEqualTo(first);
  }

  @Test
  void blobUpload_shouldLeaveOutWhatTheStoreDoesNotReport() {
    assertThat(IdempotencyKeys.blobUpload("uploads", "images/cat.jpg", "9b2c", null, " "))
        .isEqualTo(IdempotencyKeys.blob("uploads", "images/cat.jpg", "9b2c", null));
  }

  @Test
  void forFunction_shouldPutTheEventsKeyInTheNamespaceOfTheAppAndFunction() {
    String event = IdempotencyKeys.blob("uploads", "images/cat.jpg", "9b2c", null);

    assertThat(IdempotencyKeys.forFunction("fnjobs", "thumbnail", event))
        .isEqualTo("fn:fnjobs/thumbnail:blob:uploads/images/cat.jpg#etag:9b2c");
    assertThat(IdempotencyKeys.forFunction("fnjobs", "exif", event))
        .isNotEqualTo(IdempotencyKeys.forFunction("fnjobs", "thumbnail", event));
    assertThat(IdempotencyKeys.forFunction("fnjobs-staging", "thumbnail", event))
        .isNotEqualTo(IdempotencyKeys.forFunction("fnjobs", "thumbnail", event));
  }

  @Test
  void forFunction_shouldLeaveTheKeyAsItIs_whenItIsInThatFunctionsNamespaceAlready() {
    String once =
        IdempotencyKeys.forFunction("fnjobs", "nightly-cleanup", "timer:nightly-cleanup@2026-11-21T02:00:00Z");

    assertThat(IdempotencyKeys.forFunction("fnjobs", "nightly-cleanup", once)).isEqualTo(once);
    assertThat(IdempotencyKeys.forFunction("fnjobs", "other", once)).isEqualTo("fn:fnjobs/other:" + once);
  }

  @Test
  void forFunction_shouldRefuseANameThatWouldMakeNamespacesOverlap() {
    assertThatThrownBy(() -> IdempotencyKeys.forFunction("fnjobs", "a/b", "k"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("function name 'a/b'");
    assertThatThrownBy(() -> IdempotencyKeys.forFunction("fn:jobs", "thumbnail", "k"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app name 'fn:jobs'");
    assertThatThrownBy(() -> IdempotencyKeys.forFunction(" ", "thumbnail", "k"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("app name ' '");
  }

  @Test
  void inNamespaceOf_shouldPutADerivedKeyInTheEventKeysFunctionNamespace() {
    String event =
        IdempotencyKeys.forFunction("fnjobs", "thumbnail", IdempotencyKeys.blob("uploads", "a.jpg", "9b2c", null));
    String upload = IdempotencyKeys.blobUpload("uploads", "a.jpg", "9b2c", FIRST, "0A01");

    assertThat(IdempotencyKeys.inNamespaceOf(event, upload)).isEqualTo("fn:fnjobs/thumbnail:" + upload);
    assertThat(IdempotencyKeys.inNamespaceOf(event, IdempotencyKeys.inNamespaceOf(event, upload)))
        .isEqualTo("fn:fnjobs/thumbnail:" + upload);
  }

  @Test
  void inNamespaceOf_shouldLeaveADerivedKeyAsItIs_whenTheEventsKeyHasNoNamespace() {
    String upload = IdempotencyKeys.blobUpload("uploads", "a.jpg", "9b2c", FIRST, "0A01");

    assertThat(IdempotencyKeys.inNamespaceOf(IdempotencyKeys.blob("uploads", "a.jpg", "9b2c", null), upload))
        .isEqualTo(upload);
  }

  @Test
  void blob_shouldNameOneVersion_whenItsETagIsSpelledBareQuotedOrWeak() {
    String bare = IdempotencyKeys.blob("uploads", "images/a.jpg", "abc", null);

    assertThat(bare).isEqualTo("blob:uploads/images/a.jpg#etag:abc");
    assertThat(IdempotencyKeys.blob("uploads", "images/a.jpg", "\"abc\"", null)).isEqualTo(bare);
    assertThat(IdempotencyKeys.blob("uploads", "images/a.jpg", "W/\"abc\"", null)).isEqualTo(bare);
    assertThat(IdempotencyKeys.blob("uploads", "images/a.jpg", null, null)).isEqualTo("blob:uploads/images/a.jpg#etag:");
  }
}
