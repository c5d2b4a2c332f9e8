package io.fnjobs.thumbnail.image;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.util.Arrays;

/**
 * The last step of a shrink: packed pixels (premultiplied when they have alpha) to exactly the
 * thumbnail's size, through separable Lanczos-3 {@link Taps}, a row of the thumbnail at a time: first
 * down the columns, then along the row.
 *
 * <p>The rows a thumbnail row reads form a window that only moves down, so each row of the image is
 * unpacked into floats once, into a ring of as many rows as the kernel reads; memory stays at a few
 * rows whatever the image's size.
 */
final class LanczosStep {

  private final int[] pixels;
  private final int stride;
  private final int channels;
  private final Taps down;
  private final Taps across;
  /** [slot][channel][x]: the unpacked rows of the window; {@code rowInSlot} says which is where. */
  private final float[][][] window;
  private final int[] rowInSlot;
  private final float[][] column;

  private LanczosStep(int[] pixels, Axis x, Axis y, boolean alpha, int width, int height) {
    this.pixels = pixels;
    this.stride = x.size();
    this.channels = alpha ? 4 : 3;
    this.down = Taps.lanczos3(y, height);
    this.across = Taps.lanczos3(x, width);
    this.window = new float[down.width()][channels][stride];
    this.rowInSlot = new int[down.width()];
    Arrays.fill(rowInSlot, -1);
    this.column = new float[channels][stride];
  }

  /** {@code pixels}, laid out along {@code x} and {@code y}, at {@code width} x {@code height}. */
  static BufferedImage reduce(int[] pixels, Axis x, Axis y, boolean alpha, int width, int height) {
    return new LanczosStep(pixels, x, y, alpha, width, height).reduce(width, height);
  }

  private BufferedImage reduce(int width, int height) {
    BufferedImage image = new BufferedImage(width, height,
        channels == 4 ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
    int[] target = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
    for (int row = 0; row < height; row++) {
      reduceColumns(row);
      reduceRow(target, row * width, width);
    }
    return image;
  }

  /** Thumbnail row {@code row}, down the columns only: into {@link #column}, one plane per channel. */
  private void reduceColumns(int row) {
    for (float[] plane : column) {
      Arrays.fill(plane, 0);
    }
    float[] weights = down.weights();
    for (int k = 0; k < down.width(); k++) {
      float weight = weights[row * down.width() + k];
      float[][] source = unpacked(down.first(row) + k);
      for (int c = 0; c < channels; c++) {
        addScaled(column[c], weight, source[c]);
      }
    }
  }

  /** Plain loops over float arrays: the JIT vectorises them. */
  private static void addScaled(float[] target, float weight, float[] source) {
    for (int i = 0; i < target.length; i++) {
      target[i] += weight * source[i];
    }
  }

  /** Row {@code y} of the image as one float array per channel, unpacked when it enters the window. */
  private float[][] unpacked(int y) {
    int slot = y % window.length;
    float[][] planes = window[slot];
    if (rowInSlot[slot] != y) {
      int from = y * stride;
      for (int i = 0; i < stride; i++) {
        int p = pixels[from + i];
        planes[0][i] = p >> 16 & 0xff;
        planes[1][i] = p >> 8 & 0xff;
        planes[2][i] = p & 0xff;
      }
      if (channels == 4) {
        for (int i = 0; i < stride; i++) {
          planes[3][i] = pixels[from + i] >>> 24;
        }
      }
      rowInSlot[slot] = y;
    }
    return planes;
  }

  /** Along the row, straight into the thumbnail's pixels. */
  private void reduceRow(int[] target, int at, int width) {
    float[] weights = across.weights();
    int taps = across.width();
    for (int t = 0; t < width; t++) {
      int from = across.first(t);
      int red = dot(column[0], from, weights, t * taps, taps);
      int green = dot(column[1], from, weights, t * taps, taps);
      int blue = dot(column[2], from, weights, t * taps, taps);
      target[at + t] = channels == 4
          ? PackedRows.unpremultiplied(dot(column[3], from, weights, t * taps, taps), red, green, blue)
          : red << 16 | green << 8 | blue;
    }
  }

  /** The weighted sum, rounded and clamped to a byte: Lanczos' negative lobes overshoot near edges. */
  private static int dot(float[] plane, int from, float[] weights, int at, int count) {
    float sum = 0;
    for (int k = 0; k < count; k++) {
      sum += plane[from + k] * weights[at + k];
    }
    return Math.max(0, Math.min(255, Math.round(sum)));
  }
}
