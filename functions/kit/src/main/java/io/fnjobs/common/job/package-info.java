/**
 * The job machinery every function shares: {@code JobKit} wires a function's S3 client, state store, flags,
 * idempotency and {@code JobRunner} from its settings once; {@code JobRunner} runs a unit of work under its
 * flag and idempotency record; {@code CallLog} logs each Fn call; and the exceptions a job throws to reject or
 * poison its input. Module {@code functions/kit}, which only the functions depend on: uses {@code event},
 * {@code failure}, {@code flags}, {@code idempotency}, {@code storage}, {@code store} and the FDK API.
 */
package io.fnjobs.common.job;
