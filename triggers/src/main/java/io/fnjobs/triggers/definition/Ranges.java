package io.fnjobs.triggers.definition;

import java.time.Duration;

/**
 * Range checks for the numbers and durations of a definition, raising {@link DefinitionProblem}s; public
 * for the source specs each trigger type keeps in its own package.
 */
public final class Ranges {

  private Ranges() {}

  /** {@code value}, or {@code fallback} when absent, if it lies from {@code min} to {@code max}. */
  public static Duration within(String field, Duration value, Duration fallback, Duration min, Duration max) {
    Duration chosen = value == null ? fallback : value;
    if (chosen.compareTo(min) < 0 || chosen.compareTo(max) > 0) {
      throw new DefinitionProblem(field, chosen, "must be from " + min + " to " + max);
    }
    return chosen;
  }

  /** {@code value}, or {@code fallback} when absent, if it lies from {@code min} to {@code max}. */
  public static int within(String field, Integer value, int fallback, int min, int max) {
    int chosen = value == null ? fallback : value;
    if (chosen < min || chosen > max) {
      throw new DefinitionProblem(field, chosen, "must be from " + min + " to " + max);
    }
    return chosen;
  }
}
