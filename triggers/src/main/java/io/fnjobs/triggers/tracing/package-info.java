/**
 * A span per invocation with the traceparent sent to the function. Uses {@code fn}, {@code runs} and
 * OpenTelemetry.
 */
package io.fnjobs.triggers.tracing;
