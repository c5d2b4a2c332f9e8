/**
 * The job machinery every function shares: {@code JobRunner} runs a unit of work under its flag and
 * idempotency record, and the exceptions a job throws to reject or poison its input. Uses {@code event},
 * {@code flags}, {@code idempotency} and the FDK.
 */
package io.fnjobs.common.job;
