package io.fnjobs.thumbnail.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AxisTest {

  @Test
  void decoded_shouldCentreEachKeptPixelOnItsCell_whenTheOffsetIsTheMiddle() {
    // every 3rd pixel from 1 on: pixel i is the original's 3i+1, the middle of the cell 3i..3i+2
    Axis axis = Axis.decoded(4000, 1333, 3, 1);

    assertThat(axis.origin() + 0.5 * axis.step()).isEqualTo(1.5);
    assertThat(axis.origin() + 1.5 * axis.step()).isEqualTo(4.5);
  }

  @Test
  void decoded_shouldSpreadThePixelsOverTheOriginal_whenTheReaderDidNotSubsampleAsAsked() {
    Axis axis = Axis.decoded(4000, 4000, 3, 1);

    assertThat(axis.matches(4000)).isTrue();
  }

  @Test
  void centredOffset_shouldBeTheMiddleOfTheCell_butInsideAShortAxis() {
    assertThat(Axis.centredOffset(3, 4000)).isEqualTo(1);
    assertThat(Axis.centredOffset(8, 4000)).isEqualTo(3);
    assertThat(Axis.centredOffset(19, 2)).isZero();
  }

  @Test
  void halved_shouldKeepThePixelsWhereTheyWere_whenTheWidthIsOdd() {
    Axis halved = Axis.decoded(4000, 1333, 3, 1).halved();

    // pixel 0 averages the original's 1 and 4, so it is centred on 3.0; the odd last pixel is dropped
    assertThat(halved.size()).isEqualTo(666);
    assertThat(halved.origin() + 0.5 * halved.step()).isEqualTo(3.0);
    // the thumbnail's last pixel of 256 is centred on the original's 3992.1875
    assertThat(halved.centreOf(255, 256)).isCloseTo((3992.1875 - 3.0) / 6, within(1e-9));
  }

  @Test
  void matches_shouldBeTrueOnlyForTheSameGrid() {
    assertThat(Axis.full(512).matches(512)).isTrue();
    assertThat(Axis.full(1024).halved().matches(512)).isTrue();
    assertThat(Axis.decoded(1536, 512, 3, 0).matches(512)).isFalse();
  }
}
