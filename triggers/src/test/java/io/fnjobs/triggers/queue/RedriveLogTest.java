package io.fnjobs.triggers.queue;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.StoreFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The redrive log on the real embedded store. */
class RedriveLogTest {

  @TempDir static Path data;
  private static StoreFixture store;

  @BeforeAll
  static void start() {
    store = new StoreFixture(data);
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @Test
  void record_shouldKeepTheFirstRecord_whenASecondRedriveOfTheDeadLetterRecordsAfterIt() {
    RedriveLog first = new RedriveLog(store.store());
    RedriveLog second = new RedriveLog(store.store());
    first.record(entry("resent-first"));

    second.record(entry("resent-second"));

    assertThat(second.find("jobs-dlq", "dead-1")).map(RedriveLog.Entry::newMessageId).contains("resent-first");
  }

  @Test
  void find_shouldBeEmpty_whenTheDeadLetterWasNeverRedriven() {
    assertThat(new RedriveLog(store.store()).find("jobs-dlq", "never")).isEmpty();
  }

  private static RedriveLog.Entry entry(String newMessageId) {
    return new RedriveLog.Entry("jobs-dlq", "dead-1", "dead-1", "jobs", newMessageId, "2026-12-07T10:00:00Z");
  }
}
