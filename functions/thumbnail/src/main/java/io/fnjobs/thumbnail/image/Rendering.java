package io.fnjobs.thumbnail.image;

import java.util.List;

/**
 * What the thumbnailer made of one image: the source's format and stored size, its EXIF orientation,
 * one thumbnail per box (largest box first), and how long each stage took.
 */
public record Rendering(
    String format,
    int width,
    int height,
    Orientation orientation,
    int subsampling,
    List<Thumbnail> thumbnails,
    Timings timings) {

  public Rendering {
    thumbnails = List.copyOf(thumbnails);
  }

  /** Milliseconds per stage: reading the header, decoding, resizing, encoding. */
  public record Timings(long probeMillis, long decodeMillis, long resizeMillis, long encodeMillis) {}
}
