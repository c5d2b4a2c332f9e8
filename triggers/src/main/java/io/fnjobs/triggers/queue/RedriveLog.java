package io.fnjobs.triggers.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.Decision;
import io.fnjobs.common.store.RaceLimit;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.common.store.VersionedDocuments;
import java.util.Optional;

/**
 * Which dead letters were sent back to their source queue, one record per dead-letter message at
 * {@code redrives/<dead-letter queue>/<sha-256 of its message id>.json} in the state bucket.
 *
 * <p>It lets the tooling recognise a dead letter it already redrove when the queue shows it again:
 * the embedded ElasticMQ does after a restart (it leaves a message moved by its redrive policy in the
 * source queue's table as well, and moves it again on the next receive), and a redrive that stopped
 * between sending a message back and deleting it leaves it behind too.
 */
final class RedriveLog {

  private final VersionedDocuments<Entry> entries;

  RedriveLog(ConditionalStore store) {
    this.entries = new VersionedDocuments<>(store, Entry.class, "redrive record");
  }

  Optional<Entry> find(String deadLetterQueue, String messageId) {
    return entries.read(StateLayout.redrive(deadLetterQueue, messageId)).map(Versioned::value);
  }

  /**
   * Records the redrive, unless an earlier redrive of this dead letter that stopped before deleting it
   * recorded one: that record stands. Creates without reading first; a lost race reads what stands.
   */
  void record(Entry entry) {
    entries.updateFrom(StateLayout.redrive(entry.deadLetterQueue(), entry.messageId()), Optional.empty(),
        recorded -> recorded.isPresent() ? Decision.leave(() -> null) : Decision.write(entry, written -> null),
        RaceLimit.SHARED);
  }

  /** One redriven dead letter: from which queue to which, its ids before and after, and when. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(String deadLetterQueue, String messageId, String originalMessageId, String sourceQueue,
      String newMessageId, String redrivenAt) {}
}
