package io.fnjobs.triggers.definition;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.Kind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One trigger, as declared in one file of {@code infra/triggers}: it binds a source to a function of an
 * Fn app, with delivery options. {@code outputs} lists where the function writes, so that a blob
 * trigger whose function would trigger itself is refused. {@code flag}, when declared, says which
 * status flag the function keeps per unit of work ({@link FlagSpec}); null when it keeps none the
 * trigger layer should know of.
 */
public record TriggerDefinition(
    Path file,
    String name,
    String description,
    String app,
    String function,
    SourceSpec source,
    List<OutputLocation> outputs,
    DeliveryOptions delivery,
    FlagSpec flag) {

  public TriggerDefinition {
    outputs = List.copyOf(outputs);
  }

  /** A trigger whose function keeps no flag the trigger layer knows of. */
  public TriggerDefinition(Path file, String name, String description, String app, String function, SourceSpec source,
      List<OutputLocation> outputs, DeliveryOptions delivery) {
    this(file, name, description, app, function, source, outputs, delivery, null);
  }

  /** This trigger with its function's flag declared as {@code spec}. */
  public TriggerDefinition withFlag(FlagSpec spec) {
    return new TriggerDefinition(file, name, description, app, function, source, outputs, delivery, spec);
  }

  /** The flag the function keeps per unit of work, if the definition declares it. */
  public Optional<FlagSpec> flagSpec() {
    return Optional.ofNullable(flag);
  }

  /**
   * The subject of {@code event}'s flag, as the declared flag and the trigger's type derive it; none
   * without a declared flag, or where the type derives none.
   */
  public Optional<FlagSpec.Subject> flagSubjectOf(TriggerEvent event) {
    return flagSpec().flatMap(declared -> source.subjectOf(declared, event));
  }

  public Kind type() {
    return source.type();
  }

  /** The source as the type it is; for code that handles one type of trigger. */
  public <S extends SourceSpec> S source(Class<S> type) {
    return type.cast(source);
  }
}
