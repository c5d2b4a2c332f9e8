/**
 * The trigger layer's metrics port and its Micrometer adapter served at {@code /metrics}. Uses {@code runs}
 * and Micrometer.
 */
package io.fnjobs.triggers.metrics;
