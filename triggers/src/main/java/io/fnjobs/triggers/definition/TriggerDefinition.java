package io.fnjobs.triggers.definition;

import java.nio.file.Path;
import java.util.List;

/**
 * One trigger, as declared in one file of {@code infra/triggers}: it binds a source to a function of an
 * Fn app, with delivery options. {@code outputs} lists where the function writes, so that a blob
 * trigger whose function would trigger itself is refused.
 */
public record TriggerDefinition(
    Path file,
    String name,
    String description,
    String app,
    String function,
    SourceSpec source,
    List<OutputLocation> outputs,
    DeliveryOptions delivery) {

  public TriggerDefinition {
    outputs = List.copyOf(outputs);
  }

  public TriggerType type() {
    return source.type();
  }

  /** The source as the type it is; for code that handles one type of trigger. */
  public <S extends SourceSpec> S source(Class<S> type) {
    return type.cast(source);
  }
}
