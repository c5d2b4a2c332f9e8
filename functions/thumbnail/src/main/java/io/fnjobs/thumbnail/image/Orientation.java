package io.fnjobs.thumbnail.image;

import java.awt.image.BufferedImage;

/**
 * The EXIF orientation of a photo (TIFF tag 274): how the stored pixels must be turned to be seen the
 * right way up. Cameras store the sensor's rows and set this tag rather than rotating the pixels.
 */
public enum Orientation {
  NORMAL(1),
  MIRROR_HORIZONTAL(2),
  ROTATE_180(3),
  MIRROR_VERTICAL(4),
  TRANSPOSE(5),
  ROTATE_90_CW(6),
  TRANSVERSE(7),
  ROTATE_270_CW(8);

  private final int tag;

  Orientation(int tag) {
    this.tag = tag;
  }

  /** The orientation of a tag value; values out of 1..8 (seen in the wild) count as normal. */
  public static Orientation ofTag(int value) {
    for (Orientation orientation : values()) {
      if (orientation.tag == value) {
        return orientation;
      }
    }
    return NORMAL;
  }

  public int tag() {
    return tag;
  }

  /** Whether the displayed image has width and height swapped. */
  public boolean swapsAxes() {
    return tag >= 5;
  }

  /** The image as it is meant to be seen; {@code image} itself when nothing needs turning. */
  BufferedImage apply(BufferedImage image) {
    if (this == NORMAL) {
      return image;
    }
    int w = image.getWidth();
    int h = image.getHeight();
    int[] source = image.getRGB(0, 0, w, h, null, 0, w);
    int outWidth = swapsAxes() ? h : w;
    int outHeight = swapsAxes() ? w : h;
    int[] target = new int[source.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        target[targetIndex(x, y, w, h, outWidth)] = source[y * w + x];
      }
    }
    BufferedImage turned = new BufferedImage(outWidth, outHeight, image.getType());
    turned.setRGB(0, 0, outWidth, outHeight, target, 0, outWidth);
    return turned;
  }

  private int targetIndex(int x, int y, int w, int h, int outWidth) {
    return switch (this) {
      case NORMAL -> y * outWidth + x;
      case MIRROR_HORIZONTAL -> y * outWidth + (w - 1 - x);
      case ROTATE_180 -> (h - 1 - y) * outWidth + (w - 1 - x);
      case MIRROR_VERTICAL -> (h - 1 - y) * outWidth + x;
      case TRANSPOSE -> x * outWidth + y;
      case ROTATE_90_CW -> x * outWidth + (h - 1 - y);
      case TRANSVERSE -> (w - 1 - x) * outWidth + (h - 1 - y);
      case ROTATE_270_CW -> (w - 1 - x) * outWidth + y;
    };
  }
}
