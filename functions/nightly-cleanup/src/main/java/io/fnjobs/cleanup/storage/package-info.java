/**
 * Listing and reading the buckets in the order a phase walks them, and carrying out a batch of operations
 * with few requests. Uses {@code progress}, {@code common} and the AWS SDK.
 */
package io.fnjobs.cleanup.storage;
