package io.fnjobs.thumbnail.image;

/**
 * What the thumbnailer does with an image whose file ends early. Most decoders refuse such a file; the
 * JPEG decoder fills the missing rows with flat grey and only warns, and the lossless WebP decoder may
 * say nothing at all (see {@link TruncationCheck}).
 */
public enum PartialImages {

  /** Refuse it as {@code corrupt-image}, naming what is missing: a grey half is no thumbnail. */
  REJECT,

  /** Make thumbnails of what it has, and say so in the {@link Rendering}. */
  ACCEPT
}
