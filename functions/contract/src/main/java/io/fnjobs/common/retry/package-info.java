/**
 * The one retry backoff of fnjobs (exponential, capped, with optional jitter). Module
 * {@code functions/contract}: uses nothing of the project.
 */
package io.fnjobs.common.retry;
