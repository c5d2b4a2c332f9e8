package io.fnjobs.thumbnail;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What the flag of a finished image says ({@code state/thumbnail/<original key>.json}, field
 * {@code result}): the original and its ETag, what it is, the thumbnails written, and timings.
 *
 * @param partial whether the thumbnails show only part of the image, its file ending early (made so
 *     only with {@code THUMBNAIL_ACCEPT_PARTIAL_IMAGES=true}); {@code partialReason} then says what
 *     shows it
 * @param superseded whether a newer version's thumbnails were found in place and kept: {@code outputs}
 *     then lists only the thumbnails this version wrote (see {@link ThumbnailStore})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ThumbnailResult(
    String sourceBucket, String sourceKey, String sourceEtag, Source source, boolean partial, String partialReason,
    List<Output> outputs, boolean superseded, Timings timings) {

  /** The original: format, stored size, EXIF orientation (1 to 8) and bytes. */
  public record Source(String format, int width, int height, int orientation, long bytes) {}

  /** One thumbnail written. */
  public record Output(String bucket, String key, int box, int width, int height, long bytes, String contentType) {}

  /** Milliseconds per stage; {@code total} from the start of the download to the last upload. */
  public record Timings(
      long downloadMillis, long probeMillis, long decodeMillis, long resizeMillis, long encodeMillis,
      long uploadMillis, long totalMillis) {}
}
