package io.fnjobs.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.config.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerLayerOptionsTest {

  @Test
  void fromEnvironment_shouldReadTheHealthGrace_andDefaultToAMinute() {
    assertThat(TriggerLayerOptions.fromEnvironment(Map.of()).healthGrace()).isEqualTo(Duration.ofMinutes(1));
    assertThat(TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_HEALTH_GRACE", "PT10S")).healthGrace())
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void fromEnvironment_shouldRefuseANegativeHealthGrace_namingTheVariable() {
    assertThatThrownBy(() -> TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_HEALTH_GRACE", "-PT1S")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("FNJOBS_HEALTH_GRACE");
  }
}
