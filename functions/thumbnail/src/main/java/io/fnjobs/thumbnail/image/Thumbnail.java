package io.fnjobs.thumbnail.image;

/**
 * One encoded thumbnail: the box it was made for, its size as seen (orientation applied), its content
 * type ({@code image/jpeg} when opaque, {@code image/png} when it has transparent pixels) and bytes.
 */
public record Thumbnail(int box, int width, int height, String contentType, byte[] bytes) {

  public static final String JPEG = "image/jpeg";
  public static final String PNG = "image/png";
}
