package io.fnjobs.triggers.definition;

import io.fnjobs.common.event.TriggerEvent.Kind;

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
   * Refuses a definition this source cannot serve as declared, e.g. one whose outputs it would watch;
   * by default none. {@code stateBucket} is where flags, records and leases are written.
   */
  default void check(TriggerDefinition definition, String stateBucket) {}
}
