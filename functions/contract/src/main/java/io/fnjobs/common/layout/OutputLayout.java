package io.fnjobs.common.layout;

/**
 * Where the functions keep their outputs in their own buckets: the one place the function that writes
 * them and the nightly cleanup that walks them agree on.
 *
 * <pre>
 * &lt;box&gt;/&lt;original key&gt;           a thumbnail, in the thumbnails bucket (one folder per box size)
 * orders/&lt;orderId&gt;.json         an order record, in the orders bucket
 * </pre>
 */
public final class OutputLayout {

  /** Ends a thumbnail size's folder: the delimiter that lists the thumbnails bucket by size. */
  public static final String SIZE_DELIMITER = "/";
  /** Where the order records are in the orders bucket: a prefix. */
  public static final String ORDERS = "orders/";
  private static final String JSON = ".json";

  private OutputLayout() {}

  /** The thumbnail of {@code originalKey} that fits a {@code box} x {@code box} square. */
  public static String thumbnail(int box, String originalKey) {
    return box + SIZE_DELIMITER + originalKey;
  }

  /** The record of one order. */
  public static String order(String orderId) {
    return ORDERS + orderId + JSON;
  }
}
