package io.fnjobs.thumbnail.image;

/**
 * What the thumbnailer refuses before it allocates pixels: files above {@code maxBytes}, images above
 * {@code maxPixels} (width x height, read from the header).
 */
public record ImageLimits(long maxPixels, long maxBytes) {

  /** 100 megapixels, 50 MB. */
  public static final ImageLimits DEFAULTS = new ImageLimits(100_000_000L, 50L * 1024 * 1024);

  public ImageLimits {
    if (maxPixels < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("limits must be positive, were " + maxPixels + " pixels and " + maxBytes + " bytes");
    }
  }
}
