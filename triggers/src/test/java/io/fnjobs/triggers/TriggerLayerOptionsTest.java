package io.fnjobs.triggers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.triggers.blob.BlobTriggerModule;
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
  void instanceId_shouldBeTheSameAtEveryStart_andDifferForAnotherPortOrAddressOnTheHost() {
    TriggerLayerOptions first = TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_HTTP_PORT", "8081"));
    TriggerLayerOptions restarted = TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_HTTP_PORT", "8081"));
    TriggerLayerOptions otherPort = TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_HTTP_PORT", "8082"));
    TriggerLayerOptions otherAddress =
        TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_HTTP_PORT", "8081", "FNJOBS_HTTP_HOST", "10.0.0.5",
            "FNJOBS_ADMIN_TOKEN", "a token of the admin"));

    assertThat(first.instanceId()).isEqualTo(restarted.instanceId()).endsWith("-127.0.0.1-8081")
        .matches("[A-Za-z0-9][A-Za-z0-9._-]*");
    assertThat(otherPort.instanceId()).isNotEqualTo(first.instanceId());
    assertThat(otherAddress.instanceId()).isNotEqualTo(first.instanceId());
  }

  @Test
  void instanceId_shouldDifferAtEveryStart_onAPortPickedAtStart() {
    assertThat(TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_HTTP_PORT", "0")).instanceId())
        .isNotEqualTo(TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_HTTP_PORT", "0")).instanceId());
  }

  @Test
  void instanceId_shouldBeTheSettingWhenSet_andRefuseANameThatCannotGoIntoAKey() {
    assertThat(TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_INSTANCE_ID", "triggers-0")).instanceId())
        .isEqualTo("triggers-0");
    assertThatThrownBy(() -> TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_INSTANCE_ID", "a/b#c")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("FNJOBS_INSTANCE_ID")
        .hasMessageContaining("'a/b#c'");
  }

  @Test
  void fromEnvironment_shouldTurnMetricsOff_onlyWhenFnjobsMetricsSaysOff() {
    assertThat(TriggerLayerOptions.fromEnvironment(Map.of()).metrics()).isTrue();
    assertThat(TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_METRICS", "off")).metrics()).isFalse();
    assertThat(TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_METRICS", "ON")).metrics()).isTrue();
  }

  @Test
  void fromEnvironment_shouldRefuseAMetricsSwitchOtherThanOnOrOff_namingTheVariable() {
    assertThatThrownBy(() -> TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_METRICS", "maybe")))
        .hasMessageContaining("FNJOBS_METRICS").hasMessageContaining("maybe").hasMessageContaining("on or off");
  }

  @Test
  void fromEnvironment_shouldRefuseANegativeHealthGrace_namingTheVariable() {
    assertThatThrownBy(() -> TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_HEALTH_GRACE", "-PT1S")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("FNJOBS_HEALTH_GRACE");
  }

  @Test
  void build_shouldRefuseANonLoopbackAddressWithoutAnAdminToken_namingBothSettings() {
    assertThatThrownBy(() -> TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_HTTP_HOST", "0.0.0.0")))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining("FNJOBS_HTTP_HOST")
        .hasMessageContaining("'0.0.0.0'")
        .hasMessageContaining("FNJOBS_ADMIN_TOKEN");
  }

  @Test
  void build_shouldListenOnAnyAddress_withAnAdminToken_andOnLoopbackWithout() {
    TriggerLayerOptions open = TriggerLayerOptions.fromEnvironment(
        Map.of("FNJOBS_HTTP_HOST", "0.0.0.0", "FNJOBS_ADMIN_TOKEN", "s3cret"));

    assertThat(open.adminToken()).isEqualTo("s3cret");
    assertThat(TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_HTTP_HOST", "localhost")).adminToken()).isEmpty();
    assertThat(TriggerLayerOptions.fromEnvironment(Map.of("FNJOBS_HTTP_HOST", "::1")).httpHost()).isEqualTo("::1");
  }

  @Test
  void typeSettings_shouldHoldTheEnvironment_soThatEachTypeReadsItsOwnVariables() {
    String key = "k".repeat(32);
    TriggerLayerOptions options = TriggerLayerOptions.fromEnvironment(
        Map.of("FNJOBS_WEBHOOK_TOKEN", "t0ken", "FNJOBS_ATTRIBUTE_KEY", key));

    assertThat(options.typeSettings().get(BlobTriggerModule.WEBHOOK_TOKEN, "")).isEqualTo("t0ken");
    assertThat(options.typeSettings().get("FNJOBS_ATTRIBUTE_KEY", "")).isEqualTo(key);
    assertThat(TriggerLayerOptions.fromEnvironment(Map.of()).typeSettings().find(BlobTriggerModule.WEBHOOK_TOKEN))
        .isEmpty();
  }

  @Test
  void typeSetting_shouldBeReadBack_andNotLeakIntoTheDefinitionsEnvironment_whenSetOnTheBuilder() {
    TriggerLayerOptions defaults = TriggerLayerOptions.fromEnvironment(Map.of());
    TriggerLayerOptions options = TriggerLayerOptions.builder().s3(defaults.s3()).sqs(defaults.sqs())
        .typeSetting(BlobTriggerModule.WEBHOOK_TOKEN, "t0ken").build();

    assertThat(options.typeSettings().get(BlobTriggerModule.WEBHOOK_TOKEN, "")).isEqualTo("t0ken");
    assertThat(options.environment()).doesNotContainKey(BlobTriggerModule.WEBHOOK_TOKEN);
  }
}
