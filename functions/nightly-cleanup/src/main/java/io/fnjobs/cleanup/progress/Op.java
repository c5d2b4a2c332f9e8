package io.fnjobs.cleanup.progress;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One change the cleanup decided on, kept in the checkpoint until it is done: doing it again after a
 * crash has the same effect, so a resumed run redoes the changes of the batch it was in.
 *
 * @param target the archive key of a {@code archive}, the upload id of an {@code abort}, the ETag of
 *     the original's current version for a {@code repair}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Op(Kind kind, Rule rule, String bucket, String key, long bytes, String target) {

  /** What to do. */
  public enum Kind {
    /** Delete the object. */
    delete,
    /** Copy the object to {@code target} in the same bucket, then delete it. */
    archive,
    /** Abort the multipart upload {@code target} of the key. */
    abort,
    /** Set the status flag at the key to failed, if it is still running. */
    failFlag,
    /** Delete the receipts of the original's current version, so the blob trigger's sweep takes it again. */
    repair
  }

  public static Op delete(Rule rule, String bucket, String key, long bytes) {
    return new Op(Kind.delete, rule, bucket, key, bytes, null);
  }
}
