package io.fnjobs.fntesting.images;

import java.awt.image.BufferedImage;

/** Peak signal-to-noise ratio of two images of the same size, over their RGB channels, in dB. */
public final class Psnr {

  private Psnr() {}

  /** Infinite for identical images; about 40 dB and up is hard to tell apart by eye. */
  public static double of(BufferedImage a, BufferedImage b) {
    if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
      throw new IllegalArgumentException("sizes differ: " + a.getWidth() + "x" + a.getHeight() + " and "
          + b.getWidth() + "x" + b.getHeight());
    }
    double squares = 0;
    for (int y = 0; y < a.getHeight(); y++) {
      for (int x = 0; x < a.getWidth(); x++) {
        int p = a.getRGB(x, y);
        int q = b.getRGB(x, y);
        for (int shift = 0; shift <= 16; shift += 8) {
          int d = ((p >> shift) & 0xff) - ((q >> shift) & 0xff);
          squares += d * d;
        }
      }
    }
    double mse = squares / (3.0 * a.getWidth() * a.getHeight());
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }
}
