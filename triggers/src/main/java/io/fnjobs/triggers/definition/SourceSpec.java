package io.fnjobs.triggers.definition;

/** The type-specific part of a trigger definition: what it listens to. */
public sealed interface SourceSpec permits BlobSource, QueueSource, TimerSource {

  TriggerType type();
}
