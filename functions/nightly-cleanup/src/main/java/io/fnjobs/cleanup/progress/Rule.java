package io.fnjobs.cleanup.progress;

/** What the cleanup did to an object, and the name it is counted under in the report. */
public enum Rule {
  /** An original under images/ older than the upload retention, deleted. */
  expiredUploads,
  /** A thumbnail of such an original, deleted with it. */
  expiredUploadThumbnails,
  /** The thumbnail status flag of such an original, deleted with it. */
  expiredUploadFlags,
  /** A thumbnail whose original is gone, deleted. */
  orphanThumbnails,
  /** An idempotency record past its expiresAtMillis, deleted. */
  expiredIdempotencyRecords,
  /** A blob trigger's receipt older than the receipt retention, deleted. */
  expiredReceipts,
  /** A status flag left {@code running} past its deadline, set to {@code failed}. */
  staleRunningFlags,
  /** A multipart upload started longer ago than allowed and never completed, aborted. */
  abortedMultipartUploads,
  /** A confirmed or cancelled order older than the order retention, moved to archive/. */
  archivedOrders,
  /** An original without a succeeded thumbnail flag, handed back to the thumbnail trigger. */
  repairedOriginals;

  /**
   * Whether this rule deletes the objects it counts (counted in the report's objectsRemoved and
   * bytesFreed). Flags set failed, archived orders and repaired originals stay; an aborted multipart
   * upload frees its parts, but it is not an object and its size is not listed.
   */
  public boolean deletes() {
    return this != staleRunningFlags && this != archivedOrders && this != repairedOriginals
        && this != abortedMultipartUploads;
  }
}
