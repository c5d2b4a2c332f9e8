package io.fnjobs.common.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.MutableClock;
import io.fnjobs.common.StoreFixture;
import io.fnjobs.common.config.InvalidSettingException;
import io.fnjobs.common.config.Settings;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.QueueEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.idempotency.ObjectStoreIdempotencyStore;
import io.fnjobs.common.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobKitTest {

  @TempDir static Path data;
  private static StoreFixture fixture;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

  @BeforeAll
  static void start() {
    fixture = new StoreFixture(data);
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void from_shouldRunAJobUnderItsFlagAndRecordInTheStateBucket_whenTheSettingsNameTheStore() throws IOException {
    JobKit kit = JobKit.from(Settings.of(store(Map.of())), clock);
    QueueEvent event = order("K-1");

    JobReply reply = kit.runner().run("orders", "K-1", event, event.message(), () -> Map.of("done", true));

    assertThat(reply.state()).isEqualTo(JobReply.SUCCEEDED);
    assertThat(kit.stateBucket()).isEqualTo(StoreFixture.BUCKET);
    assertThat(fixture.store().read(StatusFlag.keyOf("orders", "K-1"))).isPresent();
    assertThat(kit.flags().get("orders", "K-1").orElseThrow().state()).isEqualTo(FlagState.succeeded);
    assertThat(recordExpiry("key-K-1")).isEqualTo(clock.instant().plus(JobKit.DEFAULT_RETENTION));
  }

  @Test
  void from_shouldKeepRecordsForTheRetentionSetting_whenFnjobsIdempotencyRetentionIsSet() throws IOException {
    JobKit kit = JobKit.from(Settings.of(store(Map.of(JobKit.RETENTION, "P1D"))), clock);
    QueueEvent event = order("K-2");

    kit.runner().run("orders", "K-2", event, event.message(), () -> Map.of("done", true));

    assertThat(recordExpiry("key-K-2")).isEqualTo(clock.instant().plus(Duration.ofDays(1)));
  }

  @Test
  void from_shouldFailNamingTheSetting_whenTheRetentionIsNotPositive() {
    assertThatThrownBy(() -> JobKit.from(Settings.of(store(Map.of(JobKit.RETENTION, "PT0S"))), clock))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining(JobKit.RETENTION).hasMessageContaining("PT0S");
    assertThatThrownBy(() -> JobKit.from(Settings.of(store(Map.of(JobKit.RETENTION, "a week"))), clock))
        .isInstanceOf(InvalidSettingException.class)
        .hasMessageContaining(JobKit.RETENTION).hasMessageContaining("a week");
  }

  @Test
  void from_shouldUseTheStateBucketSetting_whenFnjobsStateBucketIsSet() {
    JobKit kit = JobKit.from(Settings.of(store(Map.of("FNJOBS_STATE_BUCKET", "other-state"))), clock);

    assertThat(kit.stateBucket()).isEqualTo("other-state");
    assertThat(kit.state().bucket()).isEqualTo("other-state");
  }

  private Map<String, String> store(Map<String, String> more) {
    Map<String, String> settings = new HashMap<>(more);
    settings.put("FNJOBS_S3_ENDPOINT", fixture.uri().toString());
    settings.put("FNJOBS_S3_ACCESS_KEY", "minioadmin");
    settings.put("FNJOBS_S3_SECRET_KEY", "minioadmin");
    return settings;
  }

  private Instant recordExpiry(String idempotencyKey) throws IOException {
    byte[] record = fixture.store().read(ObjectStoreIdempotencyStore.recordKey(idempotencyKey)).orElseThrow().value();
    JsonNode tree = Json.MAPPER.readTree(record);
    return Instant.ofEpochMilli(tree.get("expiresAtMillis").asLong());
  }

  private QueueEvent order(String orderId) {
    return TriggerEvent.ofMessage("orders-from-queue", "m-" + orderId, "key-" + orderId,
        new QueueMessage("orders", "m-" + orderId, "{\"orderId\":\"" + orderId + "\"}", 1))
        .forAttempt(1, clock.instant().plusSeconds(30));
  }
}
