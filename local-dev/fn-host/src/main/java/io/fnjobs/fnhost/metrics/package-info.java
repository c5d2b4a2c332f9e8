/**
 * The host's own Prometheus metrics. Uses Micrometer.
 */
package io.fnjobs.fnhost.metrics;
