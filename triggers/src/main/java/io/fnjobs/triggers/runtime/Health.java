package io.fnjobs.triggers.runtime;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The trigger layer's health at one moment: up while every trigger is connected and none of their
 * sources has been failing for longer than the grace period; otherwise each trigger in trouble is named
 * with the source and its last error. A source that answers again makes it up again.
 *
 * @param problems one entry per trigger not connected and per source failing past the grace period
 */
record Health(boolean up, List<Map<String, Object>> problems) {

  static Health of(List<TriggerListener> listeners, Duration grace, Instant now) {
    List<Map<String, Object>> problems = new ArrayList<>();
    for (TriggerListener listener : listeners) {
      if (listener.state() != ListenerState.connected) {
        problems.add(notConnected(listener));
        continue;
      }
      for (SourceStatus source : listener.sources()) {
        source.failure().filter(failure -> failure.longerThan(grace, now))
            .ifPresent(failure -> problems.add(failing(listener, failure)));
      }
    }
    return new Health(problems.isEmpty(), List.copyOf(problems));
  }

  private static Map<String, Object> notConnected(TriggerListener listener) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("trigger", listener.definition().name());
    problem.put("source", listener.sources().stream().map(SourceStatus::name).collect(Collectors.joining(", ")));
    problem.put("state", listener.state());
    problem.put("lastError", listener.lastError());
    return problem;
  }

  private static Map<String, Object> failing(TriggerListener listener, SourceStatus.Failure failure) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("trigger", listener.definition().name());
    problem.put("source", failure.source());
    problem.put("lastError", failure.lastError());
    problem.put("failingSince", failure.since().toString());
    failure.lastSuccess().ifPresent(at -> problem.put("lastSuccess", at.toString()));
    return problem;
  }
}
