package io.fnjobs.thumbnail;

import io.fnjobs.thumbnail.image.Thumbnail;

/**
 * The thumbnails in the output bucket, one object per box and original ({@code <box>/<original key>}),
 * which each version of the original replaces in turn.
 *
 * <p>Writes obey the event order the status flag obeys: a thumbnail carries the version it was made
 * of, and a version never replaces the thumbnail of a newer one. A rendering of an older version that
 * finishes last (a slow decode, a late retry) therefore leaves the newer version's thumbnails alone,
 * and since a version's flag says {@code succeeded} only after its thumbnails are stored, no reader
 * sees an older version's thumbnail once a newer version's flag says succeeded. Versions the order
 * cannot tell apart (see {@link io.fnjobs.common.flags.EventOrder}) go by the later write, as the flag
 * does; a thumbnail written before versions were kept counts as older than any.
 */
public interface ThumbnailStore {

  /** The output bucket, for results and messages. */
  String bucket();

  /**
   * Stores {@code thumbnail} of {@code version} at {@code key}, unless the thumbnail there is of a
   * newer version; concurrent writers of one key are settled by conditional writes.
   *
   * @return true when written, false when a newer version's thumbnail was there and was kept
   */
  boolean put(String key, SourceVersion version, Thumbnail thumbnail);

  /** Deletes the thumbnail at {@code key}; a missing one is no error. */
  void delete(String key);
}
