/**
 * Idempotency keys derived from events and the records that make at-least-once delivery effectively once,
 * behind the {@code IdempotencyStore} port. Module {@code functions/state}: uses {@code store},
 * {@code layout} and {@code json}; no FDK.
 */
package io.fnjobs.common.idempotency;
