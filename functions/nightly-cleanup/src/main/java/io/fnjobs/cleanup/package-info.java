/**
 * The nightly-cleanup function: the Fn adapter, the settings and the job that runs the phases within a time
 * budget, checkpointed. Uses its own subpackages and {@code io.fnjobs.common}.
 */
package io.fnjobs.cleanup;
