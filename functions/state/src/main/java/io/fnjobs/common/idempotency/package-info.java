/**
 * Idempotency keys derived from events and the records that make at-least-once delivery effectively once,
 * behind the {@code IdempotencyStore} port. Uses {@code store}, {@code layout} and {@code json}.
 */
package io.fnjobs.common.idempotency;
