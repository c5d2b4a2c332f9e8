/**
 * Trigger files: loading, interpolating and checking them into {@code TriggerDefinition}s, each problem
 * naming file, field and value. Each trigger type binds its {@code source} to a {@code SourceSpec} kept in
 * its own package; this package imports none of them. Uses the event types of {@code common.event}.
 */
package io.fnjobs.triggers.definition;
