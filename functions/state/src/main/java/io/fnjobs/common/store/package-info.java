/**
 * The conditional object store, {@code ConditionalStore}, with its S3 adapter, and the one ETag spelling
 * ({@code ETags}). Module {@code functions/state}: uses {@code json} and the AWS SDK.
 */
package io.fnjobs.common.store;
