/**
 * Pausing and resuming triggers, shared by every instance through the state bucket, and its admin routes.
 * Uses {@code http} and {@code common.store}.
 */
package io.fnjobs.triggers.control;
