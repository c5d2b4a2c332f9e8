/**
 * Trigger files: loading, interpolating and checking them into {@code TriggerDefinition}s, each problem
 * naming file, field and value. Uses {@code schedule} and the event types of {@code common.event}.
 */
package io.fnjobs.triggers.definition;
