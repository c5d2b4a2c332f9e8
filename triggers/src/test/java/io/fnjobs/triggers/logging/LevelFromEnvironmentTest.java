package io.fnjobs.triggers.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LevelFromEnvironmentTest {

  private final ByteArrayOutputStream problems = new ByteArrayOutputStream();

  @Test
  void getPropertyValue_shouldBeTheFallback_whenTheVariableIsUnsetOrBlank() {
    assertThat(definer(Map.of()).getPropertyValue()).isEqualTo("INFO");
    assertThat(definer(Map.of("FNJOBS_LOG_LEVEL", " ")).getPropertyValue()).isEqualTo("INFO");
    assertThat(problems.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void getPropertyValue_shouldBeTheLevelInUpperCase_whenTheVariableNamesOne() {
    assertThat(definer(Map.of("FNJOBS_LOG_LEVEL", "debug")).getPropertyValue()).isEqualTo("DEBUG");
    assertThat(definer(Map.of("FNJOBS_LOG_LEVEL", " Warn ")).getPropertyValue()).isEqualTo("WARN");
    assertThat(problems.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void getPropertyValue_shouldNameTheVariableAndValueOnOneLine_andUseTheFallback_whenItIsNotALevel() {
    String level = definer(Map.of("FNJOBS_LOG_LEVEL", "verbose")).getPropertyValue();

    assertThat(level).isEqualTo("INFO");
    assertThat(problems.toString(StandardCharsets.UTF_8)).isEqualTo(
        "fnjobs: FNJOBS_LOG_LEVEL=verbose is not a log level (one of TRACE, DEBUG, INFO, WARN, ERROR, OFF);"
            + " logging at INFO" + System.lineSeparator());
  }

  private LevelFromEnvironment definer(Map<String, String> environment) {
    LevelFromEnvironment definer =
        new LevelFromEnvironment(environment::get, new PrintStream(problems, true, StandardCharsets.UTF_8));
    definer.setEnvironmentVariable("FNJOBS_LOG_LEVEL");
    definer.setFallback("INFO");
    return definer;
  }
}
