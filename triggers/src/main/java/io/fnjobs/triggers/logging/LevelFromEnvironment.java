package io.fnjobs.triggers.logging;

import ch.qos.logback.core.PropertyDefinerBase;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A log level taken from an environment variable, for logback.xml:
 *
 * <pre>{@code <define name="LEVEL" class="io.fnjobs.triggers.logging.LevelFromEnvironment">
 *   <environmentVariable>FNJOBS_LOG_LEVEL</environmentVariable>
 *   <fallback>INFO</fallback>
 * </define>}</pre>
 *
 * Logback itself reads a level it does not know as DEBUG, so a typo would flood the log; here a value
 * that is not a level is named on stderr, in one line, and the fallback is used instead.
 */
public final class LevelFromEnvironment extends PropertyDefinerBase {

  static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  private final UnaryOperator<String> environment;
  private final PrintStream problems;
  private String environmentVariable;
  private String fallback = "INFO";

  /** Reads the process's environment; logback instantiates it so. */
  public LevelFromEnvironment() {
    this(System::getenv, System.err);
  }

  LevelFromEnvironment(UnaryOperator<String> environment, PrintStream problems) {
    this.environment = environment;
    this.problems = problems;
  }

  public void setEnvironmentVariable(String name) {
    this.environmentVariable = name;
  }

  public void setFallback(String level) {
    this.fallback = level;
  }

  /** The variable's level in upper case; the fallback when it is unset, blank or not a level. */
  @Override
  public String getPropertyValue() {
    String value = environmentVariable == null ? null : environment.apply(environmentVariable);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    String level = value.strip().toUpperCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      problems.printf("fnjobs: %s=%s is not a log level (one of %s); logging at %s%n",
          environmentVariable, value, String.join(", ", LEVELS), fallback);
      return fallback;
    }
    return level;
  }
}
