package io.fnjobs.thumbnail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.config.Settings;
import io.fnjobs.thumbnail.image.JpegDecoder;
import io.fnjobs.thumbnail.image.PartialImages;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThumbnailSettingsTest {

  @Test
  void from_shouldUseTheDefaults_whenNothingIsSet() {
    ThumbnailSettings settings = ThumbnailSettings.from(Settings.of(Map.of()));

    assertThat(settings.sizes()).containsExactly(128, 512);
    assertThat(settings.limits().maxPixels()).isEqualTo(100_000_000L);
    assertThat(settings.limits().maxBytes()).isEqualTo(50L * 1024 * 1024);
    assertThat(settings.outputBucket()).isEqualTo("thumbnails");
    assertThat(settings.partialImages()).isEqualTo(PartialImages.REJECT);
    assertThat(settings.jpegDecoder()).isEqualTo(JpegDecoder.SCALED);
  }

  @Test
  void from_shouldSelectTheJpegDecoder_whenThumbnailJpegDecoderIsSet_andFailNamingTheKeyOnAnotherWord() {
    assertThat(ThumbnailSettings.from(Settings.of(Map.of("THUMBNAIL_JPEG_DECODER", "imageio"))).jpegDecoder())
        .isEqualTo(JpegDecoder.IMAGEIO);
    assertThat(ThumbnailSettings.from(Settings.of(Map.of("THUMBNAIL_JPEG_DECODER", "Scaled"))).jpegDecoder())
        .isEqualTo(JpegDecoder.SCALED);
    assertThatThrownBy(() -> ThumbnailSettings.from(Settings.of(Map.of("THUMBNAIL_JPEG_DECODER", "turbo"))))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("THUMBNAIL_JPEG_DECODER").hasMessageContaining("turbo")
        .hasMessageContaining("scaled or imageio");
  }

  @Test
  void from_shouldAcceptPartialImages_whenThumbnailAcceptPartialImagesIsTrue_andFailNamingTheKeyOnAnotherWord() {
    assertThat(ThumbnailSettings.from(Settings.of(Map.of("THUMBNAIL_ACCEPT_PARTIAL_IMAGES", "true"))).partialImages())
        .isEqualTo(PartialImages.ACCEPT);
    assertThat(ThumbnailSettings.from(Settings.of(Map.of("THUMBNAIL_ACCEPT_PARTIAL_IMAGES", "false"))).partialImages())
        .isEqualTo(PartialImages.REJECT);
    assertThatThrownBy(() -> ThumbnailSettings.from(Settings.of(Map.of("THUMBNAIL_ACCEPT_PARTIAL_IMAGES", "maybe"))))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("THUMBNAIL_ACCEPT_PARTIAL_IMAGES").hasMessageContaining("maybe");
  }

  @Test
  void from_shouldReadEverySetting_whenSet() {
    ThumbnailSettings settings = ThumbnailSettings.from(Settings.of(Map.of(
        "THUMBNAIL_SIZES", "64, 256,64", "THUMBNAIL_MAX_PIXELS", "1000", "THUMBNAIL_MAX_BYTES", "2000",
        "FNJOBS_THUMBNAILS_BUCKET", "thumbs")));

    assertThat(settings.sizes()).containsExactly(64, 256);
    assertThat(settings.limits().maxPixels()).isEqualTo(1000);
    assertThat(settings.limits().maxBytes()).isEqualTo(2000);
    assertThat(settings.outputBucket()).isEqualTo("thumbs");
  }

  @Test
  void from_shouldReadTheOutputBucketUnderItsOldName_whenOnlyTheOldNameIsSet() {
    assertThat(ThumbnailSettings.from(Settings.of(Map.of("THUMBNAIL_OUTPUT_BUCKET", "old"))).outputBucket())
        .isEqualTo("old");
  }

  @Test
  void from_shouldFailNamingTheKey_whenALimitIsNotPositive() {
    assertThatThrownBy(() -> ThumbnailSettings.from(Settings.of(Map.of("THUMBNAIL_MAX_PIXELS", "0"))))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("THUMBNAIL_MAX_PIXELS");
    assertThatThrownBy(() -> ThumbnailSettings.from(Settings.of(Map.of("THUMBNAIL_MAX_BYTES", "lots"))))
        .hasMessageContaining("THUMBNAIL_MAX_BYTES");
  }

  @Test
  void parseSizes_shouldRejectBoxesOutOfRange_whenASizeIsZeroOrHuge() {
    assertThat(ThumbnailSettings.parseSizes(" 32 ,8192")).containsExactly(32, 8192);
    assertThatThrownBy(() -> ThumbnailSettings.parseSizes("0")).isInstanceOf(InvalidSettingException.class);
    assertThatThrownBy(() -> ThumbnailSettings.parseSizes("8193")).hasMessageContaining("THUMBNAIL_SIZES");
  }
}
