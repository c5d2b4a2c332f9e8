package io.fnjobs.thumbnail.image;

import io.fnjobs.thumbnail.image.jpeg.ScaledJpegDecoder;
import java.util.Locale;
import java.util.Optional;

/** How the thumbnailer decodes a JPEG large enough to be reduced while it is decoded. */
public enum JpegDecoder {

  /**
   * At 1/2, 1/4 or 1/8 of its size, in the DCT domain ({@link ScaledJpegDecoder}); a JPEG that decoder
   * does not take (CMYK, arithmetic coding, a broken scan, ...) goes to ImageIO.
   */
  SCALED,

  /** Decoded in full by ImageIO, every n-th pixel kept: the route before the scaled decoder. */
  IMAGEIO;

  /** The decoder a setting names ({@code scaled} or {@code imageio}, any case), if it names one. */
  public static Optional<JpegDecoder> named(String value) {
    for (JpegDecoder decoder : values()) {
      if (decoder.name().equalsIgnoreCase(value.trim())) {
        return Optional.of(decoder);
      }
    }
    return Optional.empty();
  }

  /** The setting's value for this decoder. */
  public String settingValue() {
    return name().toLowerCase(Locale.ROOT);
  }
}
