package io.fnjobs.thumbnail.image;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * Shrinks an image by halving it while it is at least twice the target (at an exact 2:1, bilinear
 * sampling averages each 2x2 block, which removes what would alias), then by one bicubic step of less
 * than 2:1 to the exact size (sharper than bilinear there, and closer to libvips' lanczos: +0.8 dB PSNR
 * against vipsthumbnail at the same cost, see tests/bench). Works in {@code TYPE_INT_RGB}, or
 * {@code TYPE_INT_ARGB} when the source has alpha.
 */
final class Resampler {

  private static final Object HALVING = RenderingHints.VALUE_INTERPOLATION_BILINEAR;
  private static final Object FINAL_STEP = RenderingHints.VALUE_INTERPOLATION_BICUBIC;
  private static final Object COPY = RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR;

  private Resampler() {}

  /** The working image type for a source: with alpha or without. */
  static int workingType(BufferedImage source) {
    return source.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
  }

  /** Halves {@code image} while both sides stay at or above the target's; converts it to the working type. */
  static BufferedImage halveToward(BufferedImage image, int width, int height) {
    BufferedImage current = image;
    while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
      current = draw(current, current.getWidth() / 2, current.getHeight() / 2, HALVING);
    }
    return isWorkingType(current) ? current : draw(current, current.getWidth(), current.getHeight(), COPY);
  }

  /** {@code image} at exactly {@code width} x {@code height}, in the working type. */
  static BufferedImage resize(BufferedImage image, int width, int height) {
    BufferedImage halved = halveToward(image, width, height);
    if (halved.getWidth() == width && halved.getHeight() == height) {
      return halved;
    }
    return draw(halved, width, height, FINAL_STEP);
  }

  private static boolean isWorkingType(BufferedImage image) {
    return image.getType() == BufferedImage.TYPE_INT_RGB || image.getType() == BufferedImage.TYPE_INT_ARGB;
  }

  private static BufferedImage draw(BufferedImage source, int width, int height, Object interpolation) {
    BufferedImage target = new BufferedImage(width, height, workingType(source));
    Graphics2D g = target.createGraphics();
    try {
      g.setComposite(AlphaComposite.Src);
      g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
      g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
      g.drawImage(source, 0, 0, width, height, null);
    } finally {
      g.dispose();
    }
    return target;
  }
}
