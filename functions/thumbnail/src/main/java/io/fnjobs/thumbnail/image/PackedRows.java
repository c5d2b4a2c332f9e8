package io.fnjobs.thumbnail.image;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * The rows of a decoded image of any type as packed ints ({@code TYPE_INT_RGB}, or
 * {@code TYPE_INT_ARGB_PRE} with alpha), converted a strip at a time: no full-size copy of the decode
 * is ever made, and Java2D's native loops do the conversion whatever the reader produced (bytes in
 * BGR order, a palette, grey, 16-bit samples).
 */
final class PackedRows {

  /** Rows per strip; even, so that the two rows a halving averages are always in the same strip. */
  private static final int STRIP = 32;

  private final BufferedImage source;
  private final BufferedImage strip;
  private final int[] data;
  private int stripStart = -1;

  PackedRows(BufferedImage source, boolean alpha) {
    this.source = source;
    this.strip = new BufferedImage(source.getWidth(), Math.min(STRIP, source.getHeight()),
        alpha ? BufferedImage.TYPE_INT_ARGB_PRE : BufferedImage.TYPE_INT_RGB);
    this.data = ((DataBufferInt) strip.getRaster().getDataBuffer()).getData();
  }

  /** The whole image, packed: for an image small enough to need no halving. */
  static int[] all(BufferedImage source, boolean alpha) {
    PackedRows rows = new PackedRows(source, alpha);
    int width = source.getWidth();
    int[] packed = new int[width * source.getHeight()];
    for (int y = 0; y < source.getHeight(); y++) {
      System.arraycopy(rows.data, rows.offset(y), packed, y * width, width);
    }
    return packed;
  }

  /** Where row {@code y} starts in {@link #data()}; reading rows in order converts each strip once. */
  int offset(int y) {
    int start = y - y % STRIP;
    if (start != stripStart) {
      load(start);
    }
    return (y - start) * source.getWidth();
  }

  /** The current strip's pixels; valid for the row last passed to {@link #offset(int)} and its strip. */
  int[] data() {
    return data;
  }

  /**
   * A premultiplied pixel's channels (as this class packs them, after any filtering) as a plain ARGB
   * int; a colour over its alpha (a filter's overshoot) is taken as the alpha.
   */
  static int unpremultiplied(int alpha, int red, int green, int blue) {
    if (alpha == 0) {
      return 0;
    }
    int half = alpha / 2;
    return alpha << 24 | (Math.min(red, alpha) * 255 + half) / alpha << 16
        | (Math.min(green, alpha) * 255 + half) / alpha << 8 | (Math.min(blue, alpha) * 255 + half) / alpha;
  }

  private void load(int start) {
    int rows = Math.min(STRIP, source.getHeight() - start);
    Graphics2D g = strip.createGraphics();
    try {
      g.setComposite(AlphaComposite.Src);
      g.drawImage(source.getSubimage(0, start, source.getWidth(), rows), 0, 0, null);
    } finally {
      g.dispose();
    }
    stripStart = start;
  }
}
