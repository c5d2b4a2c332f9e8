/**
 * The phases of a run, one per rule set (uploads with their thumbnails and flags, orders, receipts,
 * idempotency records, multipart uploads, running flags): each walks a listing and decides operations. Uses
 * {@code progress}, {@code storage} and the layouts of {@code common.layout}.
 */
package io.fnjobs.cleanup.rules;
