package io.fnjobs.thumbnail.image.jpeg;

/**
 * YCbCr (JFIF, full range) to RGB with libjpeg's tables: the same fixed-point rounding as the decoders
 * the thumbnails are compared with.
 */
final class YCbCr {

  private static final int SCALE_BITS = 16;
  private static final int HALF = 1 << (SCALE_BITS - 1);
  private static final int[] CR_RED = new int[256];
  private static final int[] CB_BLUE = new int[256];
  private static final int[] CR_GREEN = new int[256];
  private static final int[] CB_GREEN = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int x = i - 128;
      CR_RED[i] = (fixed(1.40200) * x + HALF) >> SCALE_BITS;
      CB_BLUE[i] = (fixed(1.77200) * x + HALF) >> SCALE_BITS;
      CR_GREEN[i] = -fixed(0.71414) * x;
      CB_GREEN[i] = -fixed(0.34414) * x + HALF;
    }
  }

  private YCbCr() {}

  /** {@code count} pixels from {@code from} in the three planes, packed into {@code rgb} from {@code to}. */
  static void toRgb(int[] y, int[] cb, int[] cr, int from, int[] rgb, int to, int count) {
    for (int i = 0; i < count; i++) {
      int luma = y[from + i];
      int blue = cb[from + i];
      int red = cr[from + i];
      int r = clamp(luma + CR_RED[red]);
      int g = clamp(luma + (CB_GREEN[blue] + CR_GREEN[red] >> SCALE_BITS));
      int b = clamp(luma + CB_BLUE[blue]);
      rgb[to + i] = r << 16 | g << 8 | b;
    }
  }

  private static int fixed(double value) {
    return (int) (value * (1 << SCALE_BITS) + 0.5);
  }

  private static int clamp(int value) {
    return value < 0 ? 0 : Math.min(255, value);
  }
}
