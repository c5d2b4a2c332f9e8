package io.fnjobs.triggers.runs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import org.junit.jupiter.api.Test;

class RunSubjectTest {

  private static final TriggerEvent BLOB = TriggerEvent.ofBlob("thumbs", "e", "k",
      new BlobChange(Change.created, "uploads", "images/a b.jpg", "etag", 3L, null));
  private static final TriggerEvent QUEUE = TriggerEvent.ofMessage("orders", "m", "k",
      new QueueMessage("orders", "m", "{\"orderId\":\"A-1\"}", 1));
  private static final TriggerEvent TIMER = TriggerEvent.ofTimer("nightly", "t", "k",
      new TimerTick("2026-03-01T02:00:00Z", false, false));

  @Test
  void of_shouldTakeTheSubjectFromTheEvent_whereTheEventNamesOne() {
    assertThat(RunSubject.of(BLOB)).isEqualTo(new RunSubject(null, "images/a b.jpg"));
    assertThat(RunSubject.of(TIMER)).isEqualTo(new RunSubject(null, "2026-03-01T02:00:00Z"));
    assertThat(RunSubject.of(QUEUE)).isEqualTo(new RunSubject(null, null));
  }
}
