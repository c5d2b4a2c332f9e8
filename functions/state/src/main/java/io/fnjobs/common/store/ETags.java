package io.fnjobs.common.store;

/**
 * The one spelling of an ETag that the project compares, hashes and records: without quotes. S3 answers
 * {@code "abc"}, the store's webhooks and the sweep's listings may say {@code abc}, an HTTP cache may
 * say {@code W/"abc"}; all of them name the same version.
 */
public final class ETags {

  private ETags() {}

  /** The ETag without its weak mark, quotes and surrounding blanks; null for a null or blank one. */
  public static String bare(String etag) {
    if (etag == null || etag.isBlank()) {
      return null;
    }
    String tag = etag.strip();
    if (tag.startsWith("W/")) {
      tag = tag.substring(2);
    }
    return tag.length() > 1 && tag.startsWith("\"") && tag.endsWith("\"") ? tag.substring(1, tag.length() - 1) : tag;
  }

  /** The ETag in quotes, as S3 answers it; null for a null or blank one. */
  public static String quoted(String etag) {
    String bare = bare(etag);
    return bare == null ? null : "\"" + bare + "\"";
  }
}
