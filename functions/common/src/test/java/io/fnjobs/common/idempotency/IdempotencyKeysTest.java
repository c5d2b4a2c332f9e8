package io.fnjobs.common.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

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
}
