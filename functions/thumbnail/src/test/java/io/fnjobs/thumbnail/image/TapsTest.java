package io.fnjobs.thumbnail.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TapsTest {

  @Test
  void lanczos3_shouldWeighEachThumbnailPixelToOne_edgesIncluded() {
    Taps taps = Taps.lanczos3(Axis.decoded(4000, 1333, 3, 1).halved(), 256);

    for (int t = 0; t < 256; t++) {
      double sum = 0;
      for (int k = 0; k < taps.width(); k++) {
        sum += taps.weights()[t * taps.width() + k];
      }
      assertThat(sum).as("pixel %d", t).isCloseTo(1.0, within(1e-5));
      assertThat(taps.first(t)).isBetween(0, 666 - taps.width());
    }
  }

  @Test
  void lanczos3_shouldStretchTheKernelOverAllThePixelsAThumbnailPixelCovers() {
    // 666 to 256: 2.6 pixels per thumbnail pixel, 3 lobes each side
    Taps taps = Taps.lanczos3(Axis.full(666), 256);

    assertThat(taps.width()).isEqualTo((int) Math.ceil(2 * 3 * 666 / 256.0) + 1);
  }

  @Test
  void lanczos3_shouldBeSymmetric_whenAThumbnailPixelIsCentredOnAPixel() {
    // 3 to 1: the thumbnail's pixel is centred on the middle one
    Taps taps = Taps.lanczos3(Axis.full(3), 1);

    assertThat(taps.width()).isEqualTo(3);
    assertThat(taps.weights()[0]).isCloseTo(taps.weights()[2], within(1e-6f));
  }
}
