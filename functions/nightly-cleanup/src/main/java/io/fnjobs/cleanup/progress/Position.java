package io.fnjobs.cleanup.progress;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a run is: the phase, the step within it (which bucket, prefix or job it walks), and the last
 * key it decided on there (null: from the start of the step).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Position(String phase, int step, String marker) {

  public static Position start(String phase) {
    return new Position(phase, 0, null);
  }

  public Position at(String newMarker) {
    return new Position(phase, step, newMarker);
  }

  public Position nextStep() {
    return new Position(phase, step + 1, null);
  }
}
