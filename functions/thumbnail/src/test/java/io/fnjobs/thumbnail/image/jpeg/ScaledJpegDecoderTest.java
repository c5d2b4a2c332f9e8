package io.fnjobs.thumbnail.image.jpeg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.fntesting.images.Psnr;
import io.fnjobs.fntesting.images.SampleImages;
import io.fnjobs.fntesting.images.SampleImages.ChromaSampling;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The scaled decode against ImageIO's full decode of the same file, box-filtered to the same size:
 * JPEGs written by ImageIO's own encoder, baseline and progressive (libjpeg's scan script, with
 * successive approximation), in each chroma sampling, with and without restart markers, in colour
 * and grey, with sizes that are no multiple of a block.
 */
class ScaledJpegDecoderTest {

  /** Below this the decode is wrong (a bad IDCT, colour transform or block order gives 10-30 dB). */
  private static final double MIN_PSNR = 45;

  /**
   * The same at 1/2 with chroma at half the width and height: the scaled decode takes the chroma
   * samples as they are (each covers an output pixel), where ImageIO's full decode interpolates them
   * ("fancy upsampling") before the box filter averages them again; about 43 dB apart.
   */
  private static final double MIN_PSNR_HALF_420 = 40;

  /** The same for noise at quality 1.0, whose every pixel the full decode rounds on its own. */
  private static final double MIN_PSNR_NOISE = 38;

  private static final long BUDGET = 64L * 1024 * 1024;

  private static final BufferedImage PHOTO = SampleImages.photo(1001, 757, 21);

  static Stream<Arguments> kinds() {
    List<Arguments> kinds = new ArrayList<>();
    for (boolean progressive : new boolean[] {false, true}) {
      for (ChromaSampling sampling : ChromaSampling.values()) {
        for (int restartInterval : new int[] {0, 7}) {
          for (int scale : new int[] {2, 4, 8}) {
            kinds.add(Arguments.of(progressive, sampling, restartInterval, scale));
          }
        }
      }
    }
    return kinds.stream();
  }

  @ParameterizedTest(name = "progressive {0}, {1}, restart interval {2}, 1/{3}")
  @MethodSource("kinds")
  void decode_shouldMatchTheFullDecodeBoxFiltered_whenAColourJpegComes(
      boolean progressive, ChromaSampling sampling, int restartInterval, int scale) throws IOException {
    byte[] jpeg = SampleImages.jpeg(PHOTO, 0.9f, progressive, sampling, restartInterval);

    ScaledJpeg scaled = decode(jpeg, scale);

    assertThat(scaled.width()).isEqualTo(1001);
    assertThat(scaled.height()).isEqualTo(757);
    assertThat(scaled.decodedWidth()).isEqualTo((1001 + scale - 1) / scale);
    assertThat(scaled.decodedHeight()).isEqualTo((757 + scale - 1) / scale);
    assertThat(scaled.truncation()).isNull();
    double min = scale == 2 && sampling == ChromaSampling.S420 ? MIN_PSNR_HALF_420 : MIN_PSNR;
    assertThat(Psnr.of(image(scaled), boxFiltered(fullDecode(jpeg), scale))).isGreaterThan(min);
  }

  @ParameterizedTest(name = "progressive {0}")
  @MethodSource("progressiveOrNot")
  void decode_shouldMatchTheFullDecodeBoxFiltered_whenAGreyJpegComes(boolean progressive) throws IOException {
    byte[] jpeg = SampleImages.jpeg(SampleImages.grey(PHOTO), 0.9f, progressive, ChromaSampling.S444, 5);

    for (int scale : new int[] {2, 4, 8}) {
      ScaledJpeg scaled = decode(jpeg, scale);

      BufferedImage image = image(scaled);
      assertThat(Psnr.of(image, boxFiltered(fullDecode(jpeg), scale))).as("1/" + scale).isGreaterThan(MIN_PSNR);
      int pixel = image.getRGB(40, 40) & 0xffffff;
      assertThat(pixel >> 16).as("grey: red = green = blue").isEqualTo(pixel & 0xff).isEqualTo(pixel >> 8 & 0xff);
    }
  }

  /**
   * Noise at quality 1.0: blocks whose last coefficient (63) is non-zero, so no end-of-block code
   * follows it and the next block's DC code comes right after; at 1/8 the luma's AC coefficients are
   * read past several codes at a time, which must stop at the block's end.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("samplings")
  void decode_shouldMatchTheFullDecodeBoxFiltered_whenBlocksEndWithoutAnEndOfBlockCode(ChromaSampling sampling)
      throws IOException {
    BufferedImage noise = new BufferedImage(203, 157, BufferedImage.TYPE_INT_RGB);
    Random random = new Random(5);
    for (int y = 0; y < noise.getHeight(); y++) {
      for (int x = 0; x < noise.getWidth(); x++) {
        // mid-range values: decoded within a level or two, never clipped, so the box means agree
        noise.setRGB(x, y, (64 + random.nextInt(128)) << 16 | (64 + random.nextInt(128)) << 8 | 64 + random.nextInt(128));
      }
    }
    byte[] jpeg = SampleImages.jpeg(noise, 1.0f, false, sampling, 0);

    ScaledJpeg scaled = decode(jpeg, 8);

    // about 42 dB: the full decode rounds each of the 64 pixels a mean covers; a block read past its
    // end takes the next block's codes for its own, and the image falls apart (under 20 dB)
    assertThat(Psnr.of(image(scaled), boxFiltered(fullDecode(jpeg), 8))).isGreaterThan(MIN_PSNR_NOISE);
  }

  /**
   * Flat areas next to detail: a block whose AC coefficients the reduced IDCT uses are all zero is
   * filled with its DC's value without the IDCT's sums; it must come out as the full decode's mean
   * does, and the blocks around it as before.
   */
  @ParameterizedTest(name = "progressive {0}")
  @MethodSource("progressiveOrNot")
  void decode_shouldFillFlatBlocksAsTheFullDecodeDoes_whenSomeBlocksHaveNoAcCoefficients(boolean progressive)
      throws IOException {
    BufferedImage patched = SampleImages.photo(1001, 757, 21);
    Graphics2D g = patched.createGraphics();
    try {
      g.setColor(new Color(200, 120, 40));
      g.fillRect(96, 96, 320, 320);
    } finally {
      g.dispose();
    }
    byte[] jpeg = SampleImages.jpeg(patched, 0.9f, progressive, ChromaSampling.S420, 0);

    for (int scale : new int[] {2, 4}) {
      BufferedImage scaled = image(decode(jpeg, scale));
      BufferedImage expected = boxFiltered(fullDecode(jpeg), scale);

      double min = scale == 2 ? MIN_PSNR_HALF_420 : MIN_PSNR;
      assertThat(Psnr.of(scaled, expected)).as("1/" + scale).isGreaterThan(min);
      int inside = 256 / scale;
      int ours = scaled.getRGB(inside, inside);
      int theirs = expected.getRGB(inside, inside);
      for (int shift : new int[] {16, 8, 0}) {
        assertThat(ours >> shift & 0xff).as("1/%d, channel at bit %d of the flat area", scale, shift)
            .isCloseTo(theirs >> shift & 0xff, Offset.offset(1));
      }
    }
  }

  static Stream<ChromaSampling> samplings() {
    return Stream.of(ChromaSampling.values());
  }

  static Stream<Boolean> progressiveOrNot() {
    return Stream.of(false, true);
  }

  @Test
  void decode_shouldSayTheFileIsTruncated_andLeaveTheRestGrey_whenABaselineJpegIsCutInItsData() throws IOException {
    byte[] jpeg = SampleImages.jpeg(PHOTO, 0.9f, false, ChromaSampling.S420, 0);

    ScaledJpeg scaled = decode(Arrays.copyOf(jpeg, jpeg.length / 2), 4);

    assertThat(scaled.truncation())
        .isEqualTo("Truncated File - Missing EOI marker; Corrupt JPEG data: premature end of data segment");
    BufferedImage image = image(scaled);
    assertThat(image.getRGB(10, scaled.decodedHeight() - 1) & 0xffffff).as("flat grey where data is missing")
        .isEqualTo(0x808080);
    BufferedImage reference = boxFiltered(fullDecode(jpeg), 4);
    BufferedImage top = image.getSubimage(0, 0, image.getWidth(), 40);
    assertThat(Psnr.of(top, reference.getSubimage(0, 0, image.getWidth(), 40))).as("the part that is there")
        .isGreaterThan(MIN_PSNR);
  }

  @Test
  void decode_shouldSayTheFileIsTruncated_whenAProgressiveJpegIsCutInALaterScan() throws IOException {
    byte[] jpeg = SampleImages.jpeg(PHOTO, 0.9f, true, ChromaSampling.S420, 0);

    ScaledJpeg scaled = decode(Arrays.copyOf(jpeg, jpeg.length * 3 / 4), 8);

    assertThat(scaled.truncation()).startsWith("Truncated File - Missing EOI marker");
    // the first scans (DC and the first AC bands) reached every block: a coarse but whole picture
    assertThat(Psnr.of(image(scaled), boxFiltered(fullDecode(jpeg), 8))).isGreaterThan(25);
  }

  @Test
  void decode_shouldSayOnlyTheEndMarkerIsMissing_whenTheFileStopsRightAfterItsData() throws IOException {
    byte[] jpeg = SampleImages.jpeg(PHOTO, 0.9f, false, ChromaSampling.S420, 0);

    ScaledJpeg scaled = decode(Arrays.copyOf(jpeg, jpeg.length - 2), 8);

    assertThat(scaled.truncation()).isEqualTo("Truncated File - Missing EOI marker");
    assertThat(Psnr.of(image(scaled), boxFiltered(fullDecode(jpeg), 8))).isGreaterThan(MIN_PSNR);
  }

  @Test
  void decode_shouldDecline_whenAMarkerInterruptsTheData() {
    byte[] jpeg = SampleImages.jpeg(PHOTO, 0.9f, false, ChromaSampling.S420, 0);
    int middle = jpeg.length / 2;
    jpeg[middle] = (byte) 0xff;
    jpeg[middle + 1] = (byte) 0xd9; // an end of image in the middle of the data

    assertThatThrownBy(() -> decode(jpeg, 4)).isInstanceOf(JpegFormatException.class)
        .hasMessageContaining("ends at a marker before its last block");
  }

  /**
   * At 1/8 the luma's AC scans of a progressive JPEG are read past, not decoded (libjpeg's script ends
   * with one); a marker in their data that no scan can end with still tells a broken file.
   */
  @Test
  void decode_shouldDecline_whenAMarkerThatCannotFollowAScanInterruptsAScanReadPast() {
    byte[] jpeg = SampleImages.jpeg(PHOTO, 0.9f, true, ChromaSampling.S420, 0);
    int lastScan = lastIndexOf(jpeg, (byte) 0xda);
    int middle = lastScan + (jpeg.length - lastScan) / 2;
    jpeg[middle] = (byte) 0xff;
    jpeg[middle + 1] = (byte) 0xc8; // a reserved marker (JPG)

    assertThatThrownBy(() -> decode(jpeg, 8)).isInstanceOf(JpegFormatException.class)
        .hasMessageContaining("marker 0xc8, which cannot follow a scan");
  }

  @Test
  void decode_shouldDecline_whenARestartMarkerIsOutOfTurn() {
    byte[] jpeg = SampleImages.jpeg(PHOTO, 0.9f, false, ChromaSampling.S420, 4);
    // the second restart marker (RST1) made into a fourth (RST3)
    int rst1 = indexOf(jpeg, (byte) 0xd1, indexOf(jpeg, (byte) 0xd0, 0) + 2);
    jpeg[rst1] = (byte) 0xd3;

    assertThatThrownBy(() -> decode(jpeg, 4)).isInstanceOf(JpegFormatException.class)
        .hasMessageContaining("where restart marker 1 belongs");
  }

  @Test
  void decode_shouldDecline_whenTheJpegIsCmyk() throws IOException {
    byte[] cmyk;
    try (InputStream in = getClass().getResourceAsStream("/images/photo-cmyk.jpg")) {
      cmyk = in.readAllBytes();
    }

    assertThatThrownBy(() -> decode(cmyk, 2)).isInstanceOf(JpegFormatException.class)
        .hasMessageContaining("4 components");
  }

  @Test
  void decode_shouldDecline_whenTheCoefficientsOfAProgressiveJpegWouldExceedTheBudget() {
    byte[] jpeg = SampleImages.jpeg(PHOTO, 0.9f, true, ChromaSampling.S420, 0);

    assertThatThrownBy(() -> ScaledJpegDecoder.decode(new ByteArrayInputStream(jpeg), 2, 100_000))
        .isInstanceOf(JpegFormatException.class)
        .hasMessageContaining("over the budget");
  }

  private static ScaledJpeg decode(byte[] jpeg, int scale) throws IOException {
    return ScaledJpegDecoder.decode(new ByteArrayInputStream(jpeg), scale, BUDGET);
  }

  /** Where the last marker with {@code code} starts (its FF). */
  private static int lastIndexOf(byte[] jpeg, byte code) {
    for (int i = jpeg.length - 2; i >= 0; i--) {
      if (jpeg[i] == (byte) 0xff && jpeg[i + 1] == code) {
        return i;
      }
    }
    throw new IllegalArgumentException("no marker 0x" + Integer.toHexString(code & 0xff));
  }

  private static int indexOf(byte[] jpeg, byte code, int from) {
    for (int i = from; i < jpeg.length - 1; i++) {
      if (jpeg[i] == (byte) 0xff && jpeg[i + 1] == code) {
        return i + 1;
      }
    }
    throw new AssertionError("no marker 0xff" + Integer.toHexString(code & 0xff));
  }

  static BufferedImage image(ScaledJpeg scaled) {
    BufferedImage image = new BufferedImage(scaled.decodedWidth(), scaled.decodedHeight(), BufferedImage.TYPE_INT_RGB);
    image.getRaster().setDataElements(0, 0, scaled.decodedWidth(), scaled.decodedHeight(), scaled.pixels());
    return image;
  }

  /**
   * ImageIO's full decode as packed RGB, converted as the thumbnailer converts it (Java2D's loops copy
   * a grey value to red, green and blue; {@code getRGB} of a grey image would brighten it instead).
   */
  static BufferedImage fullDecode(byte[] jpeg) {
    BufferedImage decoded;
    try {
      decoded = ImageIO.read(new ByteArrayInputStream(jpeg));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    BufferedImage rgb = new BufferedImage(decoded.getWidth(), decoded.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = rgb.createGraphics();
    try {
      g.drawImage(decoded, 0, 0, null);
    } finally {
      g.dispose();
    }
    return rgb;
  }

  /** Each pixel the mean of the {@code scale} x {@code scale} pixels it covers (fewer at the edges). */
  static BufferedImage boxFiltered(BufferedImage full, int scale) {
    int width = (full.getWidth() + scale - 1) / scale;
    int height = (full.getHeight() + scale - 1) / scale;
    BufferedImage boxed = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int[] sums = new int[3];
        int count = 0;
        for (int j = y * scale; j < Math.min(full.getHeight(), (y + 1) * scale); j++) {
          for (int i = x * scale; i < Math.min(full.getWidth(), (x + 1) * scale); i++) {
            int p = full.getRGB(i, j);
            sums[0] += p >> 16 & 0xff;
            sums[1] += p >> 8 & 0xff;
            sums[2] += p & 0xff;
            count++;
          }
        }
        int half = count / 2;
        boxed.setRGB(x, y, (sums[0] + half) / count << 16 | (sums[1] + half) / count << 8 | (sums[2] + half) / count);
      }
    }
    return boxed;
  }
}
