package io.fnjobs.triggers.definition;

import io.fnjobs.common.event.TriggerEvent.Kind;

/**
 * What the loader needs of a trigger type: the name a trigger file gives it ({@code type:}) and the
 * class its {@code source} is bound to, with Jackson, strictly (an unknown field is refused).
 */
public interface SourceType {

  Kind type();

  Class<? extends SourceSpec> sourceSpec();
}
