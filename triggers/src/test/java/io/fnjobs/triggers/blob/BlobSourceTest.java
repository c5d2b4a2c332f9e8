package io.fnjobs.triggers.blob;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.BlobEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.event.TriggerEvent.QueueMessage;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.triggers.definition.FlagSpec;
import io.fnjobs.triggers.definition.FlagSpec.Subject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlobSourceTest {

  private final BlobSource source = BlobSource.of("uploads", "images/", null, List.of(Change.created, Change.removed),
      null, null, null);
  private final FlagSpec thumbnails = FlagSpec.of("thumbnail", null, null);

  @Test
  void subjectOf_shouldBeTheObjectsKey_forACreatedObject_andNoneForARemovedOne() {
    assertThat(source.subjectOf(thumbnails, blob(Change.created))).contains(
        new Subject("images/cat.jpg", EventOrder.objectVersion(null, "0AB1")));
    assertThat(source.subjectOf(thumbnails, blob(Change.removed))).isEmpty();
  }

  @Test
  void subjectOf_shouldBeTheObjectsKey_whenOnlyTheEventIsGiven() {
    assertThat(source.subjectOf(blob(Change.created))).isEqualTo("images/cat.jpg");
    assertThat(source.subjectOf(blob(Change.removed))).isEqualTo("images/cat.jpg");
  }

  @Test
  void subjectOf_shouldHaveNone_whenTheEventIsNotABlobChange() {
    TriggerEvent message = TriggerEvent.ofMessage("orders", "m", "k", new QueueMessage("orders", "m", "{}", 1));

    assertThat(source.subjectOf(thumbnails, message)).isEmpty();
    assertThat(source.subjectOf(message)).isNull();
    assertThat(source.traceAttributes(message)).isEqualTo(Map.of("faas.trigger", "other"));
  }

  @Test
  void traceAttributes_shouldNameTheDocumentAndOperation() {
    assertThat(source.traceAttributes(blob(Change.removed))).isEqualTo(Map.of("faas.trigger", "datasource",
        "faas.document.collection", "uploads", "faas.document.name", "images/cat.jpg",
        "faas.document.operation", "delete"));
    assertThat(source.traceAttributes(blob(Change.created))).containsEntry("faas.document.operation", "insert");
  }

  private static BlobEvent blob(Change change) {
    return TriggerEvent.ofBlob("thumbs", "e-1", "k",
        new BlobChange(change, "uploads", "images/cat.jpg", "e1", 10L, null, "0AB1"));
  }
}
