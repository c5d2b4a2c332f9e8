package io.fnjobs.thumbnail.image.jpeg;

/**
 * The inverse DCT of an 8x8 block straight to a reduced block of {@code width} x {@code height}
 * pixels (1, 2, 4 or 8 each way), every pixel the mean of the full-size pixels it covers: the same
 * numbers as a full decode followed by a box filter, without the full decode. libjpeg's reduced IDCTs
 * (1x1, 2x2, 4x4), which vips's shrink-on-load uses, are box means in the same way.
 *
 * <p>As a table: for each coefficient (by zigzag index), its dequantised contribution to each pixel
 * of the reduced block, or null for a coefficient no pixel of it depends on (the mean of the 8-point
 * cosine over a pair of pixels is 0 for frequency 4, over four pixels for 2, 4 and 6, over all eight
 * for every frequency but 0). Decoding then adds, per non-zero coefficient, its value times its row.
 */
final class BoxIdct {

  /** The natural (row-major) position of each zigzag index. */
  static final int[] NATURAL = {
      0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
      28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
      54, 47, 55, 62, 63};

  private static final double NEGLIGIBLE = 1e-9;

  final int width;
  final int height;
  /** [zigzag index][y * width + x], or null where the coefficient adds nothing. */
  final float[][] rows = new float[64][];
  /** The highest zigzag index with a row: coefficients past it only need decoding, not using. */
  final int last;

  /** @param quantisation the component's quantisation table, in zigzag order */
  BoxIdct(int width, int height, int[] quantisation) {
    this.width = width;
    this.height = height;
    double[][] across = means(width);
    double[][] down = means(height);
    int highest = 0;
    for (int k = 0; k < 64; k++) {
      int u = NATURAL[k] & 7;
      int v = NATURAL[k] >> 3;
      float[] row = new float[width * height];
      boolean used = false;
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          double weight = down[y][v] * across[x][u] * quantisation[k];
          row[y * width + x] = (float) weight;
          used |= Math.abs(weight) > NEGLIGIBLE;
        }
      }
      if (used) {
        rows[k] = row;
        highest = k;
      }
    }
    this.last = highest;
  }

  /**
   * [reduced pixel][frequency]: the 1-D IDCT's basis (JPEG's scaling: C(u)/2 cos((2x+1)u pi/16)),
   * averaged over the {@code 8 / size} pixels each reduced pixel covers.
   */
  private static double[][] means(int size) {
    int span = 8 / size;
    double[][] means = new double[size][8];
    for (int reduced = 0; reduced < size; reduced++) {
      for (int u = 0; u < 8; u++) {
        double c = u == 0 ? Math.sqrt(0.5) : 1;
        double sum = 0;
        for (int x = reduced * span; x < (reduced + 1) * span; x++) {
          sum += c / 2 * Math.cos((2 * x + 1) * u * Math.PI / 16);
        }
        means[reduced][u] = sum / span;
      }
    }
    return means;
  }
}
