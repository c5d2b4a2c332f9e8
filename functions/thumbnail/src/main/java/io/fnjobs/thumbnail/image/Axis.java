package io.fnjobs.thumbnail.image;

/**
 * One axis of an image on its way down, and where its pixels lie on the original's: pixel {@code i}
 * covers the original around {@code origin + (i + 0.5) * step}, in the original's pixel units (its own
 * pixel {@code k} is centred on {@code k + 0.5}).
 *
 * <p>The resampler keeps this exact through the subsampled decode and every halving, so that its last
 * step samples where the thumbnail's pixels really lie. Scaling whatever is left to the target size
 * instead (the last column of an odd width dropped by a halving, a subsampling that starts on the
 * first pixel instead of the middle of its cell) shifts the picture by up to a quarter of a thumbnail
 * pixel, which costs more against vipsthumbnail's output than any choice of filter.
 */
record Axis(int sourceSize, int size, double origin, double step) {

  /** The original's own axis, at full size. */
  static Axis full(int size) {
    return new Axis(size, size, 0, 1);
  }

  /**
   * The axis of a decode that kept every {@code subsampling}-th pixel from {@code offset} on, checked
   * against the size the reader produced: a reader that subsampled otherwise (or not at all) gets its
   * pixels spread evenly over the original.
   */
  static Axis decoded(int sourceSize, int decodedSize, int subsampling, int offset) {
    int expected = (sourceSize - offset + subsampling - 1) / subsampling;
    if (decodedSize == expected) {
      return new Axis(sourceSize, decodedSize, offset + 0.5 - subsampling / 2.0, subsampling);
    }
    return new Axis(sourceSize, decodedSize, 0, (double) sourceSize / decodedSize);
  }

  /**
   * The axis of a decode at 1/{@code scale} whose every pixel is the mean of the {@code scale} pixels it
   * covers (a DCT-scaled JPEG decode): pixel {@code i} is centred on {@code (i + 0.5) * scale}.
   */
  static Axis reduced(int sourceSize, int decodedSize, int scale) {
    return new Axis(sourceSize, decodedSize, 0, scale);
  }

  /**
   * The subsampling offset that takes the middle pixel of each cell, so that the kept pixels sit
   * evenly across the original; 0 when the axis is too short for it.
   */
  static int centredOffset(int subsampling, int sourceSize) {
    int middle = (subsampling - 1) / 2;
    return middle < sourceSize ? middle : 0;
  }

  /** The axis after averaging each pair of pixels (an odd last one is dropped). */
  Axis halved() {
    return new Axis(sourceSize, size / 2, origin, step * 2);
  }

  /** How many of this axis's pixels one pixel of a {@code target}-pixel thumbnail spans. */
  double scaleTo(int target) {
    return sourceSize / (step * target);
  }

  /** Where the centre of thumbnail pixel {@code t} (of {@code target}) lies, in this axis's pixel indices. */
  double centreOf(int t, int target) {
    double original = (t + 0.5) * sourceSize / target;
    return (original - origin) / step - 0.5;
  }

  /** Whether this axis already is a {@code target}-pixel thumbnail's, pixel for pixel. */
  boolean matches(int target) {
    return size == target && Math.abs(origin) < 1e-9 && Math.abs(step * target - sourceSize) < 1e-9;
  }
}
