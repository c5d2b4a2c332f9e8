package io.fnjobs.triggers.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;
import java.util.TreeMap;

/** The document at {@code control/pauses.json}: every paused trigger with its pause. */
@JsonIgnoreProperties(ignoreUnknown = true)
record PausedTriggers(Map<String, Pause> paused) {

  static final PausedTriggers NONE = new PausedTriggers(Map.of());

  PausedTriggers {
    paused = paused == null ? Map.of() : Map.copyOf(paused);
  }

  PausedTriggers with(String trigger, Pause pause) {
    Map<String, Pause> changed = new TreeMap<>(paused);
    changed.put(trigger, pause);
    return new PausedTriggers(changed);
  }

  PausedTriggers without(String trigger) {
    Map<String, Pause> changed = new TreeMap<>(paused);
    changed.remove(trigger);
    return new PausedTriggers(changed);
  }
}
