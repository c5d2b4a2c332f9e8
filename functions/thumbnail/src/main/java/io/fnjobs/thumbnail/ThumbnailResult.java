package io.fnjobs.thumbnail;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * What the flag of a finished image says ({@code state/thumbnail/<original key>.json}, field
 * {@code result}): the original and its ETag, what it is, the thumbnails written, and timings.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ThumbnailResult(
    String sourceBucket, String sourceKey, String sourceEtag, Source source, List<Output> outputs, Timings timings) {

  /** The original: format, stored size, EXIF orientation (1 to 8) and bytes. */
  public record Source(String format, int width, int height, int orientation, long bytes) {}

  /** One thumbnail written. */
  public record Output(String bucket, String key, int box, int width, int height, long bytes, String contentType) {}

  /** Milliseconds per stage; {@code total} from the start of the download to the last upload. */
  public record Timings(
      long downloadMillis, long probeMillis, long decodeMillis, long resizeMillis, long encodeMillis,
      long uploadMillis, long totalMillis) {}
}
