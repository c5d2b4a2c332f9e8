package io.fnjobs.thumbnail.image;

import java.util.Arrays;

/**
 * The weights of a one-dimensional Lanczos-3 resampling from an {@link Axis} to a thumbnail's size:
 * for each thumbnail pixel, the first pixel it reads and one weight per pixel read from there on.
 *
 * <p>Lanczos-3 because it is what libvips reduces with, and the thumbnails are measured against
 * vipsthumbnail's. The kernel is stretched by the reduction, so that each weight set averages over
 * all the pixels a thumbnail pixel covers rather than sampling a few (which would alias). Pixels past
 * an edge repeat the edge pixel, so their weights move onto it; each set is normalised to sum to 1 so
 * that flat areas stay exactly flat.
 */
final class Taps {

  private static final int LOBES = 3;

  private final int[] first;
  private final float[] weights;
  private final int width;

  private Taps(int[] first, float[] weights, int width) {
    this.first = first;
    this.weights = weights;
    this.width = width;
  }

  static Taps lanczos3(Axis from, int target) {
    double stretch = Math.max(1, from.scaleTo(target));
    double reach = LOBES * stretch;
    int width = Math.min(from.size(), (int) Math.ceil(2 * reach) + 1);
    int[] first = new int[target];
    float[] weights = new float[target * width];
    double[] raw = new double[width];
    for (int t = 0; t < target; t++) {
      double centre = from.centreOf(t, target);
      int start = Math.max(0, Math.min(from.size() - width, (int) Math.floor(centre - reach) + 1));
      first[t] = start;
      weigh(raw, centre, reach, stretch, from.size(), start);
      normalise(raw, weights, t * width);
    }
    return new Taps(first, weights, width);
  }

  /** How many pixels each thumbnail pixel reads. */
  int width() {
    return width;
  }

  /** The first pixel thumbnail pixel {@code t} reads. */
  int first(int t) {
    return first[t];
  }

  /** All the weights, {@link #width()} per thumbnail pixel, in order. */
  float[] weights() {
    return weights;
  }

  /**
   * The raw weight of each pixel from {@code start} on, for a kernel centred on {@code centre}; the
   * weight of pixels outside the axis (up to the kernel's reach) goes to the edge pixel they repeat.
   */
  private static void weigh(double[] raw, double centre, double reach, double stretch, int size, int start) {
    Arrays.fill(raw, 0);
    int from = (int) Math.floor(centre - reach) + 1;
    int to = (int) Math.ceil(centre + reach) - 1;
    for (int i = from; i <= to; i++) {
      int pixel = Math.max(0, Math.min(size - 1, i));
      int slot = pixel - start;
      if (slot >= 0 && slot < raw.length) {
        raw[slot] += lanczos((i - centre) / stretch);
      }
    }
  }

  private static void normalise(double[] raw, float[] weights, int at) {
    double sum = 0;
    for (double weight : raw) {
      sum += weight;
    }
    for (int i = 0; i < raw.length; i++) {
      weights[at + i] = (float) (raw[i] / sum);
    }
  }

  private static double lanczos(double x) {
    if (x == 0) {
      return 1;
    }
    if (Math.abs(x) >= LOBES) {
      return 0;
    }
    double pi = Math.PI * x;
    return LOBES * Math.sin(pi) * Math.sin(pi / LOBES) / (pi * pi);
  }
}
