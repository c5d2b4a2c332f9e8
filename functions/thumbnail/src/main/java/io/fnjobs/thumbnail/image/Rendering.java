package io.fnjobs.thumbnail.image;

import java.util.List;

/**
 * What the thumbnailer made of one image: the source's format and stored size, its EXIF orientation,
 * how it was decoded ({@code decoder}: {@value #SCALED_DECODER} or {@value #IMAGEIO_DECODER}, at
 * 1/{@code subsampling} of its size), one thumbnail per box (largest box first), and how long each
 * stage took. {@code partialReason} is
 * set when the thumbnails were made of a file that ends early (accepted by {@link PartialImages#ACCEPT}):
 * what shows it; null for a whole image.
 */
public record Rendering(
    String format,
    int width,
    int height,
    Orientation orientation,
    int subsampling,
    String decoder,
    List<Thumbnail> thumbnails,
    String partialReason,
    Timings timings) {

  /** A JPEG decoded at a reduced size in the DCT domain. */
  public static final String SCALED_DECODER = "scaled";
  /** An image decoded by an ImageIO reader, subsampled. */
  public static final String IMAGEIO_DECODER = "imageio";

  public Rendering {
    thumbnails = List.copyOf(thumbnails);
  }

  /** Whether the thumbnails show only the part of the image its file has. */
  public boolean partial() {
    return partialReason != null;
  }

  /** Milliseconds per stage: reading the header, decoding, resizing, encoding. */
  public record Timings(long probeMillis, long decodeMillis, long resizeMillis, long encodeMillis) {}
}
