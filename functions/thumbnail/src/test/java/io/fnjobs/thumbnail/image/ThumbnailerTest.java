package io.fnjobs.thumbnail.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fnjobs.fntesting.images.SampleImages;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailerTest {

  private final Thumbnailer thumbnailer = new Thumbnailer(List.of(128, 512), ImageLimits.DEFAULTS);

  @TempDir Path dir;

  @Test
  void render_shouldMakeOneJpegPerBox_largestFirst_whenA12MegapixelJpegComes() {
    BufferedImage photo = SampleImages.photo(4000, 3000, 1);
    Path file = write("photo.jpg", SampleImages.jpeg(photo, 0.9f));

    Rendering rendering = thumbnailer.render(file);

    assertThat(rendering.format()).isEqualTo("jpeg");
    assertThat(rendering.width()).isEqualTo(4000);
    assertThat(rendering.height()).isEqualTo(3000);
    // decoded at 1/4 (1000x750): the smallest DCT scaling that still covers the 512 box
    assertThat(rendering.decoder()).isEqualTo(Rendering.SCALED_DECODER);
    assertThat(rendering.subsampling()).isEqualTo(4);
    assertThat(rendering.thumbnails()).extracting(Thumbnail::box).containsExactly(512, 128);
    assertThat(rendering.thumbnails()).extracting(Thumbnail::width).containsExactly(512, 128);
    assertThat(rendering.thumbnails()).extracting(Thumbnail::height).containsExactly(384, 96);
    assertThat(rendering.thumbnails()).extracting(Thumbnail::contentType).containsOnly(Thumbnail.JPEG);
    BufferedImage small = decode(rendering.thumbnails().get(1));
    assertThat(small.getWidth()).isEqualTo(128);
    assertThat(meanDifference(small, photo)).isLessThan(6.0);
  }

  @Test
  void render_shouldSubsampleTheDecode_whenTheImageIsManyTimesTheLargestBox() {
    Thumbnailer small = new Thumbnailer(List.of(64), ImageLimits.DEFAULTS, PartialImages.REJECT, JpegDecoder.IMAGEIO);
    Path file = write("photo.jpg", SampleImages.jpeg(SampleImages.photo(2000, 1000, 2), 0.9f));

    Rendering rendering = small.render(file);

    assertThat(rendering.decoder()).isEqualTo(Rendering.IMAGEIO_DECODER);
    assertThat(rendering.subsampling()).isEqualTo(2000 / (Thumbnailer.OVERSAMPLING * 64));
    assertThat(rendering.thumbnails().get(0).width()).isEqualTo(64);
    assertThat(rendering.thumbnails().get(0).height()).isEqualTo(32);
  }

  @Test
  void resize_shouldPutEdgesWhereThePhotoHasThem_whenTheDecodeIsSubsampled() {
    // a white band on black from x = 400 to 3600, with soft edges: 256 px wide, its edges belong at 25.6 and 230.4
    BufferedImage band = new BufferedImage(4000, 3000, BufferedImage.TYPE_INT_RGB);
    int[] row = new int[4000];
    for (int x = 0; x < row.length; x++) {
      double rise = Math.min(1, Math.max(0, (x + 0.5 - 400) / 32 + 0.5));
      double fall = Math.min(1, Math.max(0, (3600 - x - 0.5) / 32 + 0.5));
      row[x] = 0x010101 * (int) Math.round(255 * Math.min(rise, fall));
    }
    for (int y = 0; y < 3000; y++) {
      band.setRGB(0, y, 4000, 1, row, 0, 4000);
    }
    Path file = write("band.jpg", SampleImages.jpeg(band, 0.9f));

    BufferedImage thumbnail = new Thumbnailer(List.of(256), ImageLimits.DEFAULTS).resize(file).images().get(0);

    assertThat(crossing(thumbnail, 96, 0, 128)).isCloseTo(25.6, within(0.03));
    assertThat(crossing(thumbnail, 96, 128, 256)).isCloseTo(230.4, within(0.03));
  }

  @Test
  void render_shouldNotEnlarge_whenTheImageIsSmallerThanABox() {
    Path file = write("small.png", SampleImages.encode(SampleImages.photo(300, 200, 3), "png"));

    Rendering rendering = thumbnailer.render(file);

    assertThat(rendering.thumbnails()).extracting(Thumbnail::width).containsExactly(300, 128);
    assertThat(rendering.thumbnails()).extracting(Thumbnail::height).containsExactly(200, 85);
    assertThat(decode(rendering.thumbnails().get(0)).getWidth()).isEqualTo(300);
  }

  @Test
  void render_shouldKeepTransparency_asPng_whenThePngHasAlpha() {
    Path file = write("logo.png", SampleImages.encode(SampleImages.withAlpha(1024, 1024), "png"));

    Rendering rendering = thumbnailer.render(file);

    Thumbnail thumbnail = rendering.thumbnails().get(1);
    assertThat(thumbnail.contentType()).isEqualTo(Thumbnail.PNG);
    BufferedImage image = decode(thumbnail);
    assertThat(image.getColorModel().hasAlpha()).isTrue();
    assertThat(image.getRGB(2, 2) >>> 24).isZero();
    assertThat(new Color(image.getRGB(64, 64), true)).isEqualTo(new Color(200, 40, 40, 255));
  }

  @Test
  void render_shouldWriteJpeg_whenAPngWithAnAlphaChannelIsOpaque() {
    BufferedImage opaque = new BufferedImage(600, 400, BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = opaque.createGraphics();
    g.setColor(Color.BLUE);
    g.fillRect(0, 0, 600, 400);
    g.dispose();
    Path file = write("opaque.png", SampleImages.encode(opaque, "png"));

    Rendering rendering = thumbnailer.render(file);

    assertThat(rendering.thumbnails()).extracting(Thumbnail::contentType).containsOnly(Thumbnail.JPEG);
  }

  @Test
  void render_shouldReadTheFirstFrame_whenTheImageIsAGif() {
    BufferedImage picture = SampleImages.photo(640, 480, 4);
    Path file = write("photo.gif", SampleImages.encode(picture, "gif"));

    Rendering rendering = thumbnailer.render(file);

    assertThat(rendering.format()).isEqualTo("gif");
    assertThat(rendering.thumbnails()).extracting(Thumbnail::width).containsExactly(512, 128);
    assertThat(meanDifference(decode(rendering.thumbnails().get(1)), picture)).isLessThan(20.0);
  }

  @Test
  void render_shouldReadBmp() {
    BufferedImage picture = SampleImages.photo(800, 600, 5);
    Path file = write("photo.bmp", SampleImages.encode(picture, "bmp"));

    Rendering rendering = thumbnailer.render(file);

    assertThat(rendering.format()).isEqualTo("bmp");
    assertThat(meanDifference(decode(rendering.thumbnails().get(1)), picture)).isLessThan(6.0);
  }

  @Test
  void render_shouldReadWebp_lossyAndWithAlpha() {
    Rendering lossy = thumbnailer.render(copyResource("photo.webp"));
    Rendering withAlpha = thumbnailer.render(copyResource("alpha.webp"));

    assertThat(lossy.format()).isEqualTo("webp");
    assertThat(lossy.thumbnails()).extracting(Thumbnail::width).containsExactly(320, 128);
    assertThat(lossy.thumbnails().get(0).contentType()).isEqualTo(Thumbnail.JPEG);
    assertThat(withAlpha.thumbnails().get(0).contentType()).isEqualTo(Thumbnail.PNG);
    assertThat(decode(withAlpha.thumbnails().get(0)).getRGB(0, 0) >>> 24).isZero();
  }

  @Test
  void render_shouldConvertToRgb_whenTheJpegIsCmyk() {
    // photo-cmyk.jpg: SampleImages.photo(320, 240, 7) turned CMYK and written by libjpeg (vips)
    Rendering rendering = thumbnailer.render(copyResource("photo-cmyk.jpg"));

    assertThat(rendering.thumbnails().get(0).width()).isEqualTo(320);
    assertThat(meanDifference(decode(rendering.thumbnails().get(0)), SampleImages.photo(320, 240, 7))).isLessThan(25.0);
  }

  @Test
  void render_shouldTurnThePhotoUpright_whenItsExifOrientationIs6() {
    BufferedImage landscape = SampleImages.photo(1200, 800, 6);
    Graphics2D g = landscape.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 300, 200); // top-left as stored
    g.dispose();
    Path file = write("rotated.jpg", SampleImages.withExifOrientation(SampleImages.jpeg(landscape, 0.9f), 6));

    Rendering rendering = thumbnailer.render(file);

    assertThat(rendering.orientation()).isEqualTo(Orientation.ROTATE_90_CW);
    Thumbnail thumbnail = rendering.thumbnails().get(0);
    assertThat(thumbnail.width()).isEqualTo(341);
    assertThat(thumbnail.height()).isEqualTo(512);
    BufferedImage upright = decode(thumbnail);
    assertThat(upright.getWidth()).isLessThan(upright.getHeight());
    // turned clockwise: what was top-left is now top-right
    Color topRight = new Color(upright.getRGB(upright.getWidth() - 10, 10));
    assertThat(topRight.getRed()).isGreaterThan(200);
    assertThat(topRight.getGreen()).isLessThan(60);
  }

  @Test
  void render_shouldRejectAsCorrupt_whenAJpegHasNoFrame() {
    byte[] broken = new byte[4096];
    new java.util.Random(9).nextBytes(broken);
    broken[0] = (byte) 0xff;
    broken[1] = (byte) 0xd8;
    broken[2] = (byte) 0xff;
    Path file = write("broken.jpg", broken);

    assertThatThrownBy(() -> thumbnailer.render(file))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageStartingWith("the jpeg image broken.jpg cannot be decoded")
        .extracting(e -> ((CorruptImageException) e).code()).isEqualTo("corrupt-image");
  }

  @Test
  void render_shouldRejectAsEmpty_namingTheFile_whenItHasNoBytes() {
    Path file = write("spooled-123.img", new byte[0]);

    assertThatThrownBy(() -> thumbnailer.render(file, "images/empty.jpg"))
        .isInstanceOf(EmptyFileException.class)
        .hasMessage("images/empty.jpg is empty (0 bytes): there is no image to make thumbnails of")
        .extracting(e -> ((EmptyFileException) e).code()).isEqualTo("empty-file");
  }

  @Test
  void render_shouldRejectAsCorrupt_namingTheFileAndWhatIsMissing_whenHalfAJpegIsThere() {
    byte[] jpeg = SampleImages.jpeg(SampleImages.photo(800, 600, 13), 0.9f);
    Path file = write("spooled-124.img", Arrays.copyOf(jpeg, jpeg.length / 2));

    assertThatThrownBy(() -> thumbnailer.render(file, "images/half.jpg"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageStartingWith("the jpeg image images/half.jpg is truncated (the decoder reports: ")
        .hasMessageContaining("Missing EOI marker")
        .hasMessageContaining("premature end of data segment")
        .hasMessageContaining("THUMBNAIL_ACCEPT_PARTIAL_IMAGES")
        .hasMessageNotContaining(dir.toString())
        .extracting(e -> ((CorruptImageException) e).code()).isEqualTo("corrupt-image");
  }

  @Test
  void render_shouldMakeThumbnailsOfWhatIsThere_andSaySo_whenPartialImagesAreAccepted() {
    byte[] jpeg = SampleImages.jpeg(SampleImages.photo(800, 600, 14), 0.9f);
    Path file = write("half.jpg", Arrays.copyOf(jpeg, jpeg.length / 2));
    Thumbnailer lenient = new Thumbnailer(List.of(128, 512), ImageLimits.DEFAULTS, PartialImages.ACCEPT);

    Rendering rendering = lenient.render(file, "images/half.jpg");

    assertThat(rendering.partial()).isTrue();
    assertThat(rendering.partialReason()).contains("Missing EOI marker");
    assertThat(rendering.thumbnails()).extracting(Thumbnail::width).containsExactly(512, 128);
    BufferedImage large = decode(rendering.thumbnails().get(0));
    assertThat(spread(large, 0, 40)).as("the top rows have the photo").isGreaterThan(20);
    assertThat(spread(large, large.getHeight() - 40, large.getHeight())).as("the bottom rows are made up, flat")
        .isLessThan(6);
  }

  @Test
  void render_shouldNotMarkAWholeImagePartial_whenPartialImagesAreAccepted() {
    Path file = write("whole.jpg", SampleImages.jpeg(SampleImages.photo(800, 600, 15), 0.9f));

    Rendering rendering = new Thumbnailer(List.of(128), ImageLimits.DEFAULTS, PartialImages.ACCEPT).render(file);

    assertThat(rendering.partial()).isFalse();
    assertThat(rendering.partialReason()).isNull();
  }

  @Test
  void render_shouldRejectAsCorrupt_whenAPngOrAGifOrABmpIsTruncated() {
    BufferedImage photo = SampleImages.photo(300, 200, 16);
    for (String format : List.of("png", "gif", "bmp")) {
      byte[] whole = SampleImages.encode(photo, format);
      Path file = write("cut." + format, Arrays.copyOf(whole, whole.length / 2));

      assertThatThrownBy(() -> thumbnailer.render(file, "images/cut." + format)).as(format)
          .isInstanceOf(CorruptImageException.class)
          .hasMessageStartingWith("the " + format + " image images/cut." + format + " cannot be decoded: ");
    }
  }

  @Test
  void render_shouldRejectAsCorrupt_whenALossyWebpIsTruncated() {
    byte[] webp = resource("photo.webp");
    Path file = write("cut.webp", Arrays.copyOf(webp, webp.length / 2));

    assertThatThrownBy(() -> thumbnailer.render(file, "images/cut.webp"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageStartingWith("the webp image images/cut.webp ");
  }

  @Test
  void render_shouldRejectAsTruncated_whenALosslessWebpIsCut_thoughItsDecoderSaysNothing() {
    // the lossless decoder returns pixels for three quarters of alpha.webp without a warning: only the
    // RIFF header's declared length tells
    byte[] webp = resource("alpha.webp");
    Path file = write("cut.webp", Arrays.copyOf(webp, webp.length * 3 / 4));

    assertThatThrownBy(() -> thumbnailer.render(file, "images/cut.webp"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageStartingWith("the webp image images/cut.webp is truncated (the file has " + webp.length * 3 / 4
            + " of the " + webp.length + " bytes its RIFF header declares)");
  }

  @Test
  void render_shouldRejectAsCorrupt_whenThePngHeaderIsDamaged() {
    byte[] png = SampleImages.encode(SampleImages.photo(300, 200, 17), "png");
    png[24] = 7; // the bit depth in IHDR: PNG knows 1, 2, 4, 8 and 16
    Path file = write("damaged.png", png);

    assertThatThrownBy(() -> thumbnailer.render(file, "images/damaged.png"))
        .isInstanceOf(CorruptImageException.class)
        .hasMessageStartingWith("the png image images/damaged.png cannot be decoded: ");
  }

  @Test
  void render_shouldReject_notFailAsUnreadable_whenTheFileIsShorterThanAnyHeader() {
    // two bytes of a JPEG start: some readers run off the end while they look at it
    Path file = write("short.jpg", new byte[] {(byte) 0xff, (byte) 0xd8});

    assertThatThrownBy(() -> thumbnailer.render(file, "images/short.jpg"))
        .isInstanceOf(io.fnjobs.common.job.RejectedException.class)
        .hasMessageContaining("images/short.jpg");
  }

  @Test
  void render_shouldNameTheFileByItsName_notItsPath_whenItCannotBeRead() {
    Path missing = dir.resolve("spooled-125.img");

    assertThatThrownBy(() -> thumbnailer.render(missing, "images/gone.jpg"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot read the image file images/gone.jpg (NoSuchFileException: ")
        .hasMessageNotContaining(dir.toString())
        .cause().hasMessageNotContaining(dir.toString()).hasNoCause();
  }

  @Test
  void render_shouldRejectAsUnsupported_whenTheFileIsNotAnImage() {
    Path file = write("notes.jpg", "<html>not a picture</html>".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThatThrownBy(() -> thumbnailer.render(file))
        .isInstanceOf(UnsupportedImageException.class)
        .hasMessageContaining("notes.jpg is not a JPEG, PNG, GIF, BMP or WebP image")
        .hasMessageContaining("0x3c68746d6c3e6e6f");
  }

  @Test
  void render_shouldRejectByPixels_fromTheHeader_whenThePngDeclares20000x20000() {
    Path file = dir.resolve("huge.png");
    try (var out = Files.newOutputStream(file)) {
      SampleImages.hugePng(20_000, 20_000, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }

    assertThatThrownBy(() -> thumbnailer.render(file))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessageContaining("20000x20000 = 400000000 pixels")
        .hasMessageContaining("THUMBNAIL_MAX_PIXELS")
        .extracting(e -> ((ImageTooLargeException) e).code()).isEqualTo(ImageTooLargeException.TOO_MANY_PIXELS);
  }

  @Test
  void render_shouldRejectByBytes_beforeReadingTheFile_whenItIsLargerThanTheLimit() {
    Thumbnailer strict = new Thumbnailer(List.of(128), new ImageLimits(100_000_000L, 1000));
    Path file = write("photo.jpg", SampleImages.jpeg(SampleImages.photo(200, 200, 8), 0.9f));

    assertThatThrownBy(() -> strict.render(file))
        .isInstanceOf(ImageTooLargeException.class)
        .hasMessageContaining("more than the limit of 1000 (THUMBNAIL_MAX_BYTES)");
  }

  @Test
  void fit_shouldKeepTheAspectRatio_andNeverGoBelowOnePixel() {
    assertThat(Thumbnailer.fit(4000, 3000, 256)).containsExactly(256, 192);
    assertThat(Thumbnailer.fit(3000, 4000, 256)).containsExactly(192, 256);
    assertThat(Thumbnailer.fit(10_000, 10, 128)).containsExactly(128, 1);
    assertThat(Thumbnailer.fit(100, 50, 128)).containsExactly(100, 50);
  }

  private Path write(String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path copyResource(String name) {
    return write(name, resource(name));
  }

  private byte[] resource(String name) {
    try (InputStream in = getClass().getResourceAsStream("/images/" + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How far the brightest and darkest green values of rows {@code from} to {@code to} lie apart. */
  static int spread(BufferedImage image, int from, int to) {
    int min = 255;
    int max = 0;
    for (int y = from; y < to; y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int green = (image.getRGB(x, y) >> 8) & 0xff;
        min = Math.min(min, green);
        max = Math.max(max, green);
      }
    }
    return max - min;
  }

  static BufferedImage decode(Thumbnail thumbnail) {
    try {
      return ImageIO.read(new ByteArrayInputStream(thumbnail.bytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where row {@code y} crosses mid-grey between {@code from} and {@code to}, in pixel units (pixel x spans x..x+1). */
  static double crossing(BufferedImage image, int y, int from, int to) {
    for (int x = from; x < to - 1; x++) {
      int a = image.getRGB(x, y) & 0xff;
      int b = image.getRGB(x + 1, y) & 0xff;
      if ((a - 127.5) * (b - 127.5) < 0) {
        return x + 0.5 + (127.5 - a) / (b - a);
      }
    }
    throw new AssertionError("no crossing between " + from + " and " + to);
  }

  /** The mean absolute difference per channel between a thumbnail and its original scaled down to it. */
  static double meanDifference(BufferedImage thumbnail, BufferedImage original) {
    BufferedImage reference = new BufferedImage(thumbnail.getWidth(), thumbnail.getHeight(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = reference.createGraphics();
    g.drawImage(original.getScaledInstance(thumbnail.getWidth(), thumbnail.getHeight(), java.awt.Image.SCALE_AREA_AVERAGING), 0, 0, null);
    g.dispose();
    long sum = 0;
    for (int y = 0; y < reference.getHeight(); y++) {
      for (int x = 0; x < reference.getWidth(); x++) {
        int a = thumbnail.getRGB(x, y);
        int b = reference.getRGB(x, y);
        sum += Math.abs(((a >> 16) & 0xff) - ((b >> 16) & 0xff)) + Math.abs(((a >> 8) & 0xff) - ((b >> 8) & 0xff))
            + Math.abs((a & 0xff) - (b & 0xff));
      }
    }
    return sum / (3.0 * reference.getWidth() * reference.getHeight());
  }
}
