package io.fnjobs.thumbnail.image;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Shrinks one decoded image to each of its thumbnail sizes, largest first: it averages each 2x2 block
 * (halves) while at least {@value #LEFT_FOR_LANCZOS} times the size would be left, then reduces the
 * rest of the way to the exact size with a Lanczos-3 kernel (see {@link LanczosStep}), as libvips does
 * after its shrink-on-load. Each size continues halving from the previous one's intermediate.
 *
 * <p>Where every pixel lies on the original is tracked exactly (see {@link Axis}), so the last step
 * samples at the thumbnail's own pixel centres. Works on packed ints, premultiplied when the image has
 * alpha (so transparent pixels lend no colour to their neighbours); answers {@code TYPE_INT_RGB}, or
 * {@code TYPE_INT_ARGB} with alpha. Not thread-safe: one instance per decoded image.
 */
final class Resampler {

  /**
   * How much reduction the halving leaves to the Lanczos step, at least. Halving is the cheaper step,
   * but a box filter blurs more than Lanczos: on 12 MP photos to 256 px, leaving 1 to 2 gives about
   * 44-46 dB PSNR against vipsthumbnail, 2 to 4 about 48-50 dB for half a millisecond more, 4 and up
   * (no halving after a subsampled decode) hardly more for 4 ms more (see tests/bench).
   */
  static final int LEFT_FOR_LANCZOS = 2;

  private final boolean alpha;
  private BufferedImage decoded;
  private int[] pixels;
  private Axis x;
  private Axis y;

  /** @param x,y where the decoded image's pixels lie on the original, along each axis */
  Resampler(BufferedImage decoded, Axis x, Axis y) {
    this.alpha = decoded.getColorModel().hasAlpha();
    this.decoded = decoded;
    this.x = x;
    this.y = y;
  }

  /** @param x,y where the packed opaque RGB pixels lie on the original, along each axis */
  Resampler(int[] packed, Axis x, Axis y) {
    if (packed.length != x.size() * y.size()) {
      throw new IllegalArgumentException(packed.length + " pixels do not make " + x.size() + "x" + y.size());
    }
    this.alpha = false;
    this.pixels = packed;
    this.x = x;
    this.y = y;
  }

  /** The image at exactly {@code width} x {@code height}; never larger than the last size asked for. */
  BufferedImage shrinkTo(int width, int height) {
    while (x.size() / 2 >= LEFT_FOR_LANCZOS * width && y.size() / 2 >= LEFT_FOR_LANCZOS * height) {
      halve();
    }
    if (x.matches(width) && y.matches(height)) {
      return decoded != null ? copy(decoded) : unpacked(pixels, width, height);
    }
    return lanczos(width, height);
  }

  private void halve() {
    int width = x.size() / 2;
    int height = y.size() / 2;
    int[] halved = new int[width * height];
    if (decoded != null) {
      // the first halving reads the decode a strip at a time and lets it go
      PackedRows rows = new PackedRows(decoded, alpha);
      for (int j = 0; j < height; j++) {
        int top = rows.offset(2 * j);
        halveRow(rows.data(), top, rows.offset(2 * j + 1), halved, j * width, width);
      }
      decoded = null;
    } else {
      int stride = x.size();
      for (int j = 0; j < height; j++) {
        halveRow(pixels, 2 * j * stride, (2 * j + 1) * stride, halved, j * width, width);
      }
    }
    pixels = halved;
    x = x.halved();
    y = y.halved();
  }

  private static void halveRow(int[] source, int top, int bottom, int[] target, int at, int width) {
    for (int i = 0; i < width; i++) {
      int a = source[top + 2 * i];
      int b = source[top + 2 * i + 1];
      int c = source[bottom + 2 * i];
      int d = source[bottom + 2 * i + 1];
      target[at + i] = average(a, b, c, d);
    }
  }

  /** The rounded mean of four packed pixels, per channel: two channels at a time, 16 bits apart. */
  static int average(int a, int b, int c, int d) {
    int redBlue = (a & 0xff00ff) + (b & 0xff00ff) + (c & 0xff00ff) + (d & 0xff00ff) + 0x20002;
    int alphaGreen = (a >>> 8 & 0xff00ff) + (b >>> 8 & 0xff00ff) + (c >>> 8 & 0xff00ff) + (d >>> 8 & 0xff00ff)
        + 0x20002;
    return (alphaGreen >>> 2 & 0xff00ff) << 8 | redBlue >>> 2 & 0xff00ff;
  }

  private BufferedImage lanczos(int width, int height) {
    if (pixels == null) {
      pixels = PackedRows.all(decoded, alpha);
      decoded = null;
    }
    return LanczosStep.reduce(pixels, x, y, alpha, width, height);
  }

  private BufferedImage unpacked(int[] packed, int width, int height) {
    if (!alpha) {
      BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      image.getRaster().setDataElements(0, 0, width, height, packed);
      return image;
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
    int[] target = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < packed.length; i++) {
      int p = packed[i];
      target[i] = PackedRows.unpremultiplied(p >>> 24, p >> 16 & 0xff, p >> 8 & 0xff, p & 0xff);
    }
    return image;
  }

  /** An image that is already the thumbnail, in the working type, exactly (no premultiplying). */
  private BufferedImage copy(BufferedImage image) {
    int type = alpha ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
    if (image.getType() == type) {
      return image;
    }
    BufferedImage copy = new BufferedImage(image.getWidth(), image.getHeight(), type);
    Graphics2D g = copy.createGraphics();
    try {
      g.setComposite(AlphaComposite.Src);
      g.drawImage(image, 0, 0, null);
    } finally {
      g.dispose();
    }
    return copy;
  }
}
