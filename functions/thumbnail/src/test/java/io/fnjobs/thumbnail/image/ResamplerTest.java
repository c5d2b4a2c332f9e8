package io.fnjobs.thumbnail.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

class ResamplerTest {

  @Test
  void shrinkTo_shouldKeepAFlatImageExactlyFlat() {
    BufferedImage flat = new BufferedImage(1000, 750, BufferedImage.TYPE_3BYTE_BGR);
    fill(flat, x -> 0x3c7a19);

    BufferedImage thumbnail = new Resampler(flat, Axis.full(1000), Axis.full(750)).shrinkTo(256, 192);

    assertThat(thumbnail.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 192; y++) {
      for (int x = 0; x < 256; x++) {
        assertThat(thumbnail.getRGB(x, y) & 0xffffff).isEqualTo(0x3c7a19);
      }
    }
  }

  @Test
  void shrinkTo_shouldPutEdgesWhereTheOriginalHasThem_whenTheDecodeWasSubsampledAndTheWidthIsOdd() {
    // a white band on black between 400 and 3600 of a 4000-pixel row, with soft (32-pixel) edges;
    // decoded as every 3rd pixel from the 1st, 1333 pixels, which the halving makes odd
    IntUnaryOperator original = x -> band(x + 0.5, 400, 3600, 32);
    BufferedImage decoded = new BufferedImage(1333, 1000, BufferedImage.TYPE_INT_RGB);
    fill(decoded, i -> grey(original.applyAsInt(3 * i + 1)));

    BufferedImage thumbnail = new Resampler(decoded, Axis.decoded(4000, 1333, 3, 1), Axis.decoded(3000, 1000, 3, 1))
        .shrinkTo(256, 192);

    int[] row = row(thumbnail, 96);
    assertThat(crossing(row, 0, 128)).isCloseTo(400 * 256 / 4000.0, within(0.03));
    assertThat(crossing(row, 128, 256)).isCloseTo(3600 * 256 / 4000.0, within(0.03));
  }

  @Test
  void shrinkTo_shouldLendNoColourFromTransparentPixels() {
    // opaque red on the left half, transparent green on the right
    BufferedImage image = new BufferedImage(800, 600, BufferedImage.TYPE_INT_ARGB);
    fill(image, x -> x < 400 ? 0xffff0000 : 0x0000ff00);

    BufferedImage thumbnail = new Resampler(image, Axis.full(800), Axis.full(600)).shrinkTo(128, 96);

    assertThat(thumbnail.getType()).isEqualTo(BufferedImage.TYPE_INT_ARGB);
    Color edge = new Color(thumbnail.getRGB(64, 48), true);
    assertThat(edge.getAlpha()).isBetween(1, 254);
    assertThat(edge.getRed()).isEqualTo(255);
    assertThat(edge.getGreen()).isZero();
    assertThat(thumbnail.getRGB(127, 48) >>> 24).isZero();
    assertThat(thumbnail.getRGB(0, 48)).isEqualTo(0xffff0000);
  }

  @Test
  void shrinkTo_shouldAnswerTheImageItself_whenItIsAlreadyTheSize() {
    BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);

    assertThat(new Resampler(image, Axis.full(300), Axis.full(200)).shrinkTo(300, 200)).isSameAs(image);
  }

  @Test
  void shrinkTo_shouldContinueFromTheLargerSize_forASecondBox() {
    BufferedImage image = new BufferedImage(4000, 3000, BufferedImage.TYPE_3BYTE_BGR);
    fill(image, x -> grey(x * 255 / 3999));
    Resampler resampler = new Resampler(image, Axis.full(4000), Axis.full(3000));

    BufferedImage large = resampler.shrinkTo(512, 384);
    BufferedImage small = resampler.shrinkTo(128, 96);

    assertThat(large.getWidth()).isEqualTo(512);
    assertThat(small.getWidth()).isEqualTo(128);
    // a ramp stays a ramp: the middle pixel of each is mid-grey
    assertThat(small.getRGB(64, 48) & 0xff).isCloseTo(128, within(2));
    assertThat(large.getRGB(256, 192) & 0xff).isCloseTo(128, within(2));
  }

  @Test
  void average_shouldRoundEachChannelOnItsOwn() {
    assertThat(Resampler.average(0xff000000, 0xff000001, 0xff0000ff, 0xff00ff00))
        .isEqualTo(0xff004040);
    assertThat(Resampler.average(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff)).isEqualTo(0xffffffff);
  }

  /** 0 outside [from, to], 255 inside, with linear edges {@code soft} pixels wide centred on from and to. */
  private static int band(double x, double from, double to, double soft) {
    double rise = Math.min(1, Math.max(0, (x - from) / soft + 0.5));
    double fall = Math.min(1, Math.max(0, (to - x) / soft + 0.5));
    return (int) Math.round(255 * Math.min(rise, fall));
  }

  private static int grey(int value) {
    return value << 16 | value << 8 | value;
  }

  /** Fills every row with {@code column(x)}. */
  private static void fill(BufferedImage image, IntUnaryOperator column) {
    int[] row = new int[image.getWidth()];
    for (int x = 0; x < row.length; x++) {
      row[x] = column.applyAsInt(x);
    }
    for (int y = 0; y < image.getHeight(); y++) {
      image.setRGB(0, y, row.length, 1, row, 0, row.length);
    }
  }

  private static int[] row(BufferedImage image, int y) {
    int[] row = new int[image.getWidth()];
    for (int x = 0; x < row.length; x++) {
      row[x] = image.getRGB(x, y) & 0xff;
    }
    return row;
  }

  /** Where between {@code from} and {@code to} the row crosses mid-grey, in pixel units (pixel x spans x..x+1). */
  private static double crossing(int[] row, int from, int to) {
    for (int x = from; x < to - 1; x++) {
      if ((row[x] - 127.5) * (row[x + 1] - 127.5) < 0) {
        return x + 0.5 + (127.5 - row[x]) / (row[x + 1] - row[x]);
      }
    }
    throw new AssertionError("no crossing between " + from + " and " + to);
  }
}
