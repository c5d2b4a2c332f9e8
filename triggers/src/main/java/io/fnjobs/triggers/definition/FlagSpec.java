package io.fnjobs.triggers.definition;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.layout.StateLayout;
import java.util.List;

/**
 * The status flag a trigger's function keeps per unit of work, as the definition declares it under
 * {@code flag}: {@code job}, the first part of the flag's key ({@code state/<job>/<subject>.json}),
 * and where the subject comes from: a blob trigger's is the object's key, a timer's the slot, and a
 * queue trigger's the body field {@code subject} names (dotted for a nested one), its messages
 * numbered by the body field {@code sequence}, when given (see {@link EventOrder}).
 *
 * <p>Declared, not derived by the trigger layer from the function's name: the trigger layer knows
 * nothing of what a function does, and a definition names its function's flag as it names its
 * outputs. The trigger layer writes that flag in one case only: when it gives an event up (dead-letters
 * it) and the function has not left the flag terminal, because it was never reached or crashed before
 * its first flag (Fn out of reach, a timeout); a caller that polls the flag then learns that the event
 * failed, and why, rather than waiting forever. A function's reply names the job and subject it
 * flagged, which the trigger compares with this declaration, warning when they differ.
 */
public record FlagSpec(String job, String subject, String sequence) {

  private static final String JOB_PATTERN = "[a-z0-9][a-z0-9-]{0,62}";
  // the state bucket's own prefixes: a flag there would overwrite what the trigger layer keeps
  private static final List<String> RESERVED = List.of(StateLayout.IDEMPOTENCY, StateLayout.RECEIPTS,
      StateLayout.DEAD_LETTERS, StateLayout.REDRIVES, StateLayout.RUNS, StateLayout.TIMERS, StateLayout.CHECKPOINTS,
      StateLayout.KEYS);

  /** A declaration, checked as the loader checks it (subject and sequence for queue triggers only, there). */
  @JsonCreator
  public static FlagSpec of(
      @JsonProperty("job") String job,
      @JsonProperty("subject") String subject,
      @JsonProperty("sequence") String sequence) {
    DefinitionProblem.required("job", job);
    if (!job.matches(JOB_PATTERN)) {
      throw new DefinitionProblem("job", job, "must be lower-case letters, digits and '-', as the function's flags"
          + " begin (thumbnail, orders, cleanup)");
    }
    if (RESERVED.contains(job + "/")) {
      throw new DefinitionProblem("job", job, "is where the trigger layer keeps its own state: the function's"
          + " flags cannot be there");
    }
    return new FlagSpec(job, bodyField("subject", subject), bodyField("sequence", sequence));
  }

  private static String bodyField(String name, String field) {
    if (field != null && !field.matches(BodyField.PATTERN)) {
      throw new DefinitionProblem(name, field, "must name a body field, dotted for a nested one (orderId, customer.id)");
    }
    return field;
  }

  /**
   * What the flag of an event is about: its subject, and the event's place among the subject's events.
   * Each trigger type derives it from its own events ({@link SourceSpec#subjectOf(FlagSpec, TriggerEvent)}).
   */
  public record Subject(String subject, EventOrder order) {}
}
