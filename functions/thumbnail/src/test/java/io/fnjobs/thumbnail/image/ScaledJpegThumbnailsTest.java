package io.fnjobs.thumbnail.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.fntesting.images.Psnr;
import io.fnjobs.fntesting.images.SampleImages;
import io.fnjobs.fntesting.images.SampleImages.ChromaSampling;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thumbnails of JPEGs decoded at a reduced size, against the same thumbnails by way of ImageIO's full
 * decode ({@link JpegDecoder#IMAGEIO}, the route before): the same pictures, the same refusals.
 */
class ScaledJpegThumbnailsTest {

  private static final BufferedImage PHOTO = SampleImages.photo(4000, 3000, 31);

  @TempDir Path dir;

  @Test
  void resize_shouldDecodeAtOneEighth_andMatchTheImageIoRoute_whenA12MegapixelJpegGoesTo256() {
    Path file = write("photo.jpg", SampleImages.jpeg(PHOTO, 0.9f));

    Thumbnailer.Resized scaled = thumbnailer(List.of(256), JpegDecoder.SCALED).resize(file);
    Thumbnailer.Resized imageIo = thumbnailer(List.of(256), JpegDecoder.IMAGEIO).resize(file);

    assertThat(scaled.decoder()).isEqualTo(Rendering.SCALED_DECODER);
    assertThat(scaled.subsampling()).isEqualTo(8);
    assertThat(imageIo.decoder()).isEqualTo(Rendering.IMAGEIO_DECODER);
    assertThat(scaled.images().get(0).getWidth()).isEqualTo(256);
    assertThat(scaled.images().get(0).getHeight()).isEqualTo(192);
    assertThat(Psnr.of(scaled.images().get(0), imageIo.images().get(0))).isGreaterThan(45);
  }

  @Test
  void resize_shouldMatchTheImageIoRoute_whenTheJpegIsProgressive() {
    Path file = write("photo.jpg", SampleImages.jpeg(PHOTO, 0.9f, true, ChromaSampling.S420, 0));

    Thumbnailer.Resized scaled = thumbnailer(List.of(512, 128), JpegDecoder.SCALED).resize(file);
    Thumbnailer.Resized imageIo = thumbnailer(List.of(512, 128), JpegDecoder.IMAGEIO).resize(file);

    assertThat(scaled.decoder()).isEqualTo(Rendering.SCALED_DECODER);
    assertThat(scaled.subsampling()).as("1/4 covers the 512 box, 1/8 would not").isEqualTo(4);
    for (int i = 0; i < 2; i++) {
      assertThat(Psnr.of(scaled.images().get(i), imageIo.images().get(i))).as("box " + i).isGreaterThan(45);
    }
  }

  @Test
  void render_shouldDecodeInFull_whenHalfTheImageIsSmallerThanTheLargestBox() {
    Path file = write("photo.jpg", SampleImages.jpeg(SampleImages.photo(900, 600, 32), 0.9f));

    Rendering rendering = thumbnailer(List.of(512), JpegDecoder.SCALED).render(file);

    assertThat(rendering.decoder()).isEqualTo(Rendering.IMAGEIO_DECODER);
    assertThat(rendering.thumbnails().get(0).width()).isEqualTo(512);
  }

  @Test
  void render_shouldRefuseATruncatedJpegAsTheImageIoRouteDoes_whenDecodedScaled() {
    byte[] jpeg = SampleImages.jpeg(PHOTO, 0.9f);
    Path file = write("spooled-200.img", Arrays.copyOf(jpeg, jpeg.length / 2));

    Throwable scaled = thrown(() -> thumbnailer(List.of(256), JpegDecoder.SCALED).render(file, "images/half.jpg"));
    Throwable imageIo = thrown(() -> thumbnailer(List.of(256), JpegDecoder.IMAGEIO).render(file, "images/half.jpg"));

    assertThat(scaled).isInstanceOf(CorruptImageException.class)
        .hasMessage("the jpeg image images/half.jpg is truncated (the decoder reports: Truncated File - Missing EOI"
            + " marker; Corrupt JPEG data: premature end of data segment); set THUMBNAIL_ACCEPT_PARTIAL_IMAGES=true"
            + " to make thumbnails of what it has");
    assertThat(scaled).hasMessage(imageIo.getMessage());
  }

  @Test
  void render_shouldMakeThumbnailsOfWhatIsThere_andSaySo_whenATruncatedJpegIsDecodedScaledAndPartialImagesAreAccepted() {
    byte[] jpeg = SampleImages.jpeg(PHOTO, 0.9f, true, ChromaSampling.S420, 0);
    Path file = write("half.jpg", Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
    Thumbnailer lenient = new Thumbnailer(List.of(256), ImageLimits.DEFAULTS, PartialImages.ACCEPT, JpegDecoder.SCALED);

    Rendering rendering = lenient.render(file, "images/half.jpg");

    assertThat(rendering.decoder()).isEqualTo(Rendering.SCALED_DECODER);
    assertThat(rendering.partial()).isTrue();
    assertThat(rendering.partialReason()).startsWith("the decoder reports: Truncated File - Missing EOI marker");
    assertThat(rendering.thumbnails().get(0).width()).isEqualTo(256);
  }

  @Test
  void render_shouldRefuseOrRenderAJpegWithAStrayMarkerAsTheImageIoRouteDoes() {
    byte[] jpeg = SampleImages.jpeg(PHOTO, 0.9f);
    int middle = jpeg.length / 2;
    jpeg[middle] = (byte) 0xff;
    jpeg[middle + 1] = (byte) 0xd9;
    Path file = write("marked.jpg", jpeg);

    Throwable scaled = thrown(() -> thumbnailer(List.of(256), JpegDecoder.SCALED).render(file, "images/marked.jpg"));
    Throwable imageIo = thrown(() -> thumbnailer(List.of(256), JpegDecoder.IMAGEIO).render(file, "images/marked.jpg"));

    // the scaled decoder leaves such a file to ImageIO, whose verdict stands
    assertThat(scaled).isNotNull().isInstanceOf(CorruptImageException.class).hasMessage(imageIo.getMessage());
  }

  @Test
  void render_shouldLeaveACmykJpegToImageIo_andConvertItToRgb() throws IOException {
    // photo-cmyk.jpg: SampleImages.photo(320, 240, 7) turned CMYK and written by libjpeg (vips)
    Path file;
    try (InputStream in = getClass().getResourceAsStream("/images/photo-cmyk.jpg")) {
      file = write("cmyk.jpg", in.readAllBytes());
    }

    Rendering rendering = thumbnailer(List.of(64), JpegDecoder.SCALED).render(file);

    assertThat(rendering.decoder()).isEqualTo(Rendering.IMAGEIO_DECODER);
    assertThat(ThumbnailerTest.meanDifference(ThumbnailerTest.decode(rendering.thumbnails().get(0)),
        SampleImages.photo(320, 240, 7))).isLessThan(25.0);
  }

  @Test
  void render_shouldTurnThePhotoUpright_whenAScaledJpegHasExifOrientation6() {
    BufferedImage landscape = SampleImages.photo(2400, 1600, 33);
    Graphics2D g = landscape.createGraphics();
    g.setColor(Color.RED);
    g.fillRect(0, 0, 600, 400); // top-left as stored
    g.dispose();
    Path file = write("rotated.jpg", SampleImages.withExifOrientation(SampleImages.jpeg(landscape, 0.9f), 6));

    Rendering rendering = thumbnailer(List.of(256), JpegDecoder.SCALED).render(file);

    assertThat(rendering.decoder()).isEqualTo(Rendering.SCALED_DECODER);
    assertThat(rendering.orientation()).isEqualTo(Orientation.ROTATE_90_CW);
    BufferedImage upright = ThumbnailerTest.decode(rendering.thumbnails().get(0));
    assertThat(upright.getWidth()).isEqualTo(171);
    assertThat(upright.getHeight()).isEqualTo(256);
    Color topRight = new Color(upright.getRGB(upright.getWidth() - 10, 10));
    assertThat(topRight.getRed()).isGreaterThan(200);
    assertThat(topRight.getGreen()).isLessThan(60);
  }

  @Test
  void render_shouldRejectByPixels_beforeDecoding_whenTheScaledRouteWouldTakeTheJpeg() {
    Thumbnailer strict = new Thumbnailer(List.of(256), new ImageLimits(1_000_000, 50L << 20), PartialImages.REJECT,
        JpegDecoder.SCALED);
    Path file = write("photo.jpg", SampleImages.jpeg(PHOTO, 0.9f));

    assertThatThrownBy(() -> strict.render(file)).isInstanceOf(ImageTooLargeException.class)
        .hasMessageContaining("4000x3000 = 12000000 pixels");
  }

  @Test
  void dctScale_shouldTakeTheSmallestDecodeThatCoversTheLargestBox() {
    assertThat(Thumbnailer.dctScale(4000, 256)).isEqualTo(8);
    assertThat(Thumbnailer.dctScale(4000, 512)).isEqualTo(4);
    assertThat(Thumbnailer.dctScale(4000, 1024)).isEqualTo(2);
    assertThat(Thumbnailer.dctScale(4000, 2048)).isEqualTo(1);
    assertThat(Thumbnailer.dctScale(1001, 126)).as("rounded up: 126 of 1001 / 8").isEqualTo(8);
  }

  private static Thumbnailer thumbnailer(List<Integer> boxes, JpegDecoder decoder) {
    return new Thumbnailer(boxes, ImageLimits.DEFAULTS, PartialImages.REJECT, decoder);
  }

  private static Throwable thrown(Runnable action) {
    try {
      action.run();
      return null;
    } catch (RuntimeException e) {
      return e;
    }
  }

  private Path write(String name, byte[] bytes) {
    try {
      return Files.write(dir.resolve(name), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
