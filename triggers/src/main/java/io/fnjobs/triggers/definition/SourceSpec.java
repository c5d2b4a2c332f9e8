package io.fnjobs.triggers.definition;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.Kind;
import java.util.Map;
import java.util.Optional;

/**
 * The type-specific part of a trigger definition: what it listens to, bound from the file's
 * {@code source} by the {@link SourceType} its {@code type} names. A type checks here what only it
 * knows of; each check throws {@link DefinitionProblem} naming the field and value.
 */
public interface SourceSpec {

  /** The trigger's type, as its file names it ({@code type: blob}). */
  Kind type();

  /**
   * What the subject of this type's flag is, for an operator reading a refused {@code flag}: "object key",
   * "slot".
   */
  default String flagSubject() {
    return "event";
  }

  /**
   * Refuses a {@code flag} this type cannot derive its subject for: by default, one whose subject or
   * sequence name a body field, which only queue triggers read.
   */
  default void checkFlag(FlagSpec flag) {
    if (flag.subject() != null || flag.sequence() != null) {
      throw new DefinitionProblem(flag.subject() != null ? "flag.subject" : "flag.sequence",
          flag.subject() != null ? flag.subject() : flag.sequence(), "is for queue triggers only: the subject of a "
              + type() + " trigger's flag is its " + flagSubject());
    }
  }

  /**
   * The subject of {@code event}'s flag as {@code flag} declares it, with the event's place among the
   * subject's events; none when the function would flag none the trigger layer can name. By default
   * none: the subject of a type of its own only its function's reply names.
   */
  default Optional<FlagSpec.Subject> subjectOf(FlagSpec flag, TriggerEvent event) {
    return Optional.empty();
  }

  /**
   * The subject {@code event} names by itself (an object's key, a slot), for a run whose function
   * named none; null when it names none, as by default.
   */
  default String subjectOf(TriggerEvent event) {
    return null;
  }

  /**
   * The attributes of the invocation span of {@code event}, after OpenTelemetry's FaaS conventions:
   * {@code faas.trigger} and those of the source (a document, a message, a time); by default
   * {@code faas.trigger} {@code other}.
   */
  default Map<String, String> traceAttributes(TriggerEvent event) {
    return Map.of("faas.trigger", "other");
  }

  /**
   * Refuses a definition this source cannot serve as declared, e.g. one whose outputs it would watch;
   * by default none. {@code stateBucket} is where flags, records and leases are written.
   */
  default void check(TriggerDefinition definition, String stateBucket) {}
}
