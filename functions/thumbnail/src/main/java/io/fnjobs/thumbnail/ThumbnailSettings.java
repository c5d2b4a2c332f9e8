package io.fnjobs.thumbnail;

import io.fnjobs.common.config.Bucket;
import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.config.Settings;
import io.fnjobs.thumbnail.image.ImageLimits;
import io.fnjobs.thumbnail.image.JpegDecoder;
import io.fnjobs.thumbnail.image.PartialImages;
import java.util.Arrays;
import java.util.List;

/**
 * The thumbnail function's settings, read from its config; a bad value fails at start, naming the key.
 * The state bucket, the store and the idempotency retention are the job kit's settings
 * ({@link io.fnjobs.common.job.JobKit}).
 *
 * @param sizes the bounding boxes in pixels ({@code THUMBNAIL_SIZES}, default 128,512)
 * @param limits the pixel and byte limits ({@code THUMBNAIL_MAX_PIXELS}, default 100 000 000;
 *     {@code THUMBNAIL_MAX_BYTES}, default 52 428 800)
 * @param outputBucket where thumbnails go ({@code FNJOBS_THUMBNAILS_BUCKET}, default thumbnails;
 *     {@code THUMBNAIL_OUTPUT_BUCKET} is still read, with a warning, for one release)
 * @param partialImages what becomes of an image whose file ends early
 *     ({@code THUMBNAIL_ACCEPT_PARTIAL_IMAGES}: false, the default, refuses it as corrupt; true makes
 *     thumbnails of what it has and marks the result partial)
 * @param jpegDecoder how a large JPEG is decoded ({@code THUMBNAIL_JPEG_DECODER}: scaled, the default,
 *     decodes it at 1/2, 1/4 or 1/8 of its size; imageio decodes it in full, as before)
 */
public record ThumbnailSettings(
    List<Integer> sizes, ImageLimits limits, String outputBucket, PartialImages partialImages,
    JpegDecoder jpegDecoder) {

  static final String SIZES = "THUMBNAIL_SIZES";
  static final String MAX_PIXELS = "THUMBNAIL_MAX_PIXELS";
  static final String MAX_BYTES = "THUMBNAIL_MAX_BYTES";
  static final String ACCEPT_PARTIAL_IMAGES = "THUMBNAIL_ACCEPT_PARTIAL_IMAGES";
  static final String JPEG_DECODER = "THUMBNAIL_JPEG_DECODER";

  public ThumbnailSettings {
    sizes = List.copyOf(sizes);
  }

  public static ThumbnailSettings from(Settings settings) {
    long maxPixels = positive(settings, MAX_PIXELS, ImageLimits.DEFAULTS.maxPixels());
    long maxBytes = positive(settings, MAX_BYTES, ImageLimits.DEFAULTS.maxBytes());
    return new ThumbnailSettings(
        parseSizes(settings.get(SIZES, "128,512")),
        new ImageLimits(maxPixels, maxBytes),
        Bucket.THUMBNAILS.nameIn(settings),
        settings.getBoolean(ACCEPT_PARTIAL_IMAGES, false) ? PartialImages.ACCEPT : PartialImages.REJECT,
        jpegDecoder(settings));
  }

  private static JpegDecoder jpegDecoder(Settings settings) {
    String value = settings.get(JPEG_DECODER, JpegDecoder.SCALED.settingValue());
    return JpegDecoder.named(value)
        .orElseThrow(() -> new InvalidSettingException(JPEG_DECODER, value, "scaled or imageio"));
  }

  private static long positive(Settings settings, String key, long fallback) {
    long value = settings.getLong(key, fallback);
    if (value < 1) {
      throw new InvalidSettingException(key, String.valueOf(value), "a positive whole number");
    }
    return value;
  }

  static List<Integer> parseSizes(String value) {
    try {
      List<Integer> parsed =
          Arrays.stream(value.split(",")).map(String::trim).map(Integer::valueOf).distinct().toList();
      if (parsed.isEmpty() || parsed.stream().anyMatch(size -> size < 1 || size > 8192)) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new InvalidSettingException(
          SIZES, value, "a comma-separated list of box sizes in pixels from 1 to 8192, e.g. 128,512");
    }
  }
}
