/**
 * The conditional object store, {@code ConditionalStore}, with its S3 adapter, and the one ETag spelling
 * ({@code ETags}). Uses only the AWS SDK.
 */
package io.fnjobs.common.store;
