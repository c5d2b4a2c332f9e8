package io.fnjobs.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.config.Settings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CleanupSettingsTest {

  @Test
  void from_shouldUseTheDefaults_whenNothingIsSet() {
    CleanupSettings settings = CleanupSettings.from(Settings.of(Map.of()));

    assertThat(settings.uploadRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(settings.receiptRetention()).isEqualTo(Duration.ofDays(31));
    assertThat(settings.orderRetention()).isEqualTo(Duration.ofDays(90));
    assertThat(settings.multipartMaxAge()).isEqualTo(Duration.ofDays(1));
    assertThat(settings.flagJobs()).containsExactly("orders", "cleanup");
    assertThat(settings.uploadPrefix()).isEqualTo("images/");
    assertThat(settings.batchSize()).isEqualTo(1000);
    assertThat(settings.dryRun()).isFalse();
  }

  @Test
  void from_shouldTakeRetentionsInSeconds_whenTheEnvironmentSetsThemSo() {
    CleanupSettings settings = CleanupSettings.from(Settings.of(Map.of(
        "CLEANUP_UPLOAD_RETENTION", "PT3S", "CLEANUP_ORDER_RETENTION", "5", "CLEANUP_FLAG_JOBS", " orders , ",
        "CLEANUP_DRY_RUN", "yes")));

    assertThat(settings.uploadRetention()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.receiptRetention()).isEqualTo(Duration.ofDays(1).plusSeconds(3));
    assertThat(settings.orderRetention()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.flagJobs()).isEqualTo(List.of("orders"));
    assertThat(settings.dryRun()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
      "CLEANUP_UPLOAD_RETENTION, thirty, 'setting CLEANUP_UPLOAD_RETENTION has the value ''thirty'''",
      "CLEANUP_UPLOAD_RETENTION, PT0S, 'setting CLEANUP_UPLOAD_RETENTION has the value ''PT0S'', expected a positive duration'",
      "CLEANUP_RECEIPT_RETENTION, P10D, 'expected a duration longer than CLEANUP_UPLOAD_RETENTION (PT720H)'",
      "CLEANUP_BATCH_SIZE, 5000, 'setting CLEANUP_BATCH_SIZE has the value ''5000'', expected a whole number from 1 to 1000'",
      "CLEANUP_READ_PARALLELISM, 0, 'setting CLEANUP_READ_PARALLELISM has the value ''0'''",
      "CLEANUP_DRY_RUN, maybe, 'setting CLEANUP_DRY_RUN has the value ''maybe'', expected true or false'"})
  void from_shouldFailNamingTheSetting_whenItsValueCannotBeUsed(String key, String value, String message) {
    assertThatThrownBy(() -> CleanupSettings.from(Settings.of(Map.of(key, value))))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining(message);
  }
}
