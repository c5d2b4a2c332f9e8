/**
 * A span per invocation with the traceparent sent to the function, and the trace context an SQS
 * message came with. Uses {@code fn}, {@code runs}, OpenTelemetry and SQS's message type.
 */
package io.fnjobs.triggers.tracing;
