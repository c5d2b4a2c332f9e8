/**
 * The blob trigger: webhook and queue events, the reconcile sweep, per-version receipts keyed by ETag,
 * retries and dead letters. Uses {@code runtime}, {@code definition}, {@code runs}, {@code control},
 * {@code tracing} (the {@code traceparent} an event came with) and the state on S3 of
 * {@code io.fnjobs.common}.
 */
package io.fnjobs.triggers.blob;
