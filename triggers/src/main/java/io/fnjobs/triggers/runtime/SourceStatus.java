package io.fnjobs.triggers.runtime;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether one source of a trigger (a bucket it sweeps, a queue it receives from, the state bucket a
 * timer keeps its schedule in) answers, as the trigger's own work last found: every sweep, receive or
 * probe reports its outcome here. A source is failing from its first failure after a success until its
 * next success. Thread-safe; the times are read on the trigger layer's clock.
 */
public final class SourceStatus {

  private final String name;
  private final Clock clock;
  private Instant lastSuccess; // guarded by this
  private Instant lastFailure; // guarded by this
  private Instant failingSince; // guarded by this
  private String lastError = ""; // guarded by this

  /** @param name what the source is, for people, e.g. "SQS queue orders" */
  public SourceStatus(String name, Clock clock) {
    this.name = name;
    this.clock = clock;
  }

  public String name() {
    return name;
  }

  /** The source answered. */
  public synchronized void succeeded() {
    lastSuccess = clock.instant();
    failingSince = null;
  }

  /** The source could not be reached, or answered with an error. */
  public synchronized void failed(RuntimeException error) {
    lastFailure = clock.instant();
    lastError = error.getMessage() == null ? error.toString() : error.getMessage();
    if (failingSince == null) {
      failingSince = lastFailure;
    }
  }

  /** The failure going on, if the source has failed since it last answered. */
  public synchronized Optional<Failure> failure() {
    if (failingSince == null) {
      return Optional.empty();
    }
    return Optional.of(new Failure(name, lastError, failingSince, Optional.ofNullable(lastSuccess)));
  }

  /** What {@code GET /triggers} shows of the source. */
  public synchronized Map<String, Object> describe() {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("source", name);
    entry.put("failing", failingSince != null);
    putIfSet(entry, "lastSuccess", lastSuccess);
    putIfSet(entry, "lastFailure", lastFailure);
    putIfSet(entry, "failingSince", failingSince);
    if (lastFailure != null) {
      entry.put("lastError", lastError);
    }
    return entry;
  }

  private static void putIfSet(Map<String, Object> entry, String key, Instant value) {
    if (value != null) {
      entry.put(key, value.toString());
    }
  }

  /**
   * A source failing since {@code since}, with the last error; {@code lastSuccess} is empty when it
   * never answered since the trigger connected.
   */
  public record Failure(String source, String lastError, Instant since, Optional<Instant> lastSuccess) {

    /** Whether it has been failing for longer than {@code grace} at {@code now}. */
    public boolean longerThan(Duration grace, Instant now) {
      return Duration.between(since, now).compareTo(grace) > 0;
    }
  }
}
