/**
 * What a cleanup run decides and has done: operations, batches, tallies, the report and the checkpoints that
 * let a later attempt continue. Uses {@code common.store}, {@code common.layout} and {@code common.json}; no
 * S3 listing.
 */
package io.fnjobs.cleanup.progress;
