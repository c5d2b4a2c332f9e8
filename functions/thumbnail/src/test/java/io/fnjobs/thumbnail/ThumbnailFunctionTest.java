package io.fnjobs.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.fntesting.FnTesting;
import io.fnjobs.fntesting.FnTestingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(FnTestingExtension.class)
class ThumbnailFunctionTest {

  private static final String KEY = "uploads/images/cat.jpg#9b2cf535f27731c974343645a3985328";

  @Test
  void handleRequest_shouldReplyAcceptedForTheObject_whenAnImageIsUploaded(FnTesting fn) {
    fn.givenEvent().withBodyFromResource("events/blob-created.json").enqueue();

    fn.thenRun(ThumbnailFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(200);
    assertThat(fn.getOnlyResult().contentType()).hasValue("application/json");
    assertThat(fn.getOnlyResult().bodyAs(JobReply.class))
        .isEqualTo(new JobReply("thumbnail", "uploads/images/cat.jpg", KEY, "accepted", "sizes [128, 512]"));
  }

  @Test
  void handleRequest_shouldUseTheConfiguredSizes_whenThumbnailSizesIsSet(FnTesting fn) {
    fn.setConfig("THUMBNAIL_SIZES", "64, 256");
    fn.givenEvent().withBodyFromResource("events/blob-created.json").enqueue();

    fn.thenRun(ThumbnailFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().bodyAs(JobReply.class).detail()).isEqualTo("sizes [64, 256]");
  }

  @Test
  void handleRequest_shouldFailNamingTheExpectedKind_whenTheEventIsNotABlobChange(FnTesting fn) {
    fn.givenEvent().withBodyFromResource("events/queue-message.json").enqueue();

    fn.thenRun(ThumbnailFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("function thumbnail handles blob events", "sent a queue event");
  }

  @Test
  void handleRequest_shouldFailNamingTheKey_whenThumbnailSizesIsInvalid(FnTesting fn) {
    fn.setConfig("THUMBNAIL_SIZES", "small,large");
    fn.givenEvent().withBodyFromResource("events/blob-created.json").enqueue();

    fn.thenRun(ThumbnailFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("setting THUMBNAIL_SIZES has the value 'small,large'");
  }

  @Test
  void parseSizes_shouldRejectBoxesOutOfRange_whenASizeIsZeroOrHuge() {
    assertThat(ThumbnailFunction.parseSizes(" 32 ,8192")).containsExactly(32, 8192);
    assertThatThrownBy(() -> ThumbnailFunction.parseSizes("0")).isInstanceOf(InvalidSettingException.class);
    assertThatThrownBy(() -> ThumbnailFunction.parseSizes("8193")).hasMessageContaining("THUMBNAIL_SIZES");
  }
}
