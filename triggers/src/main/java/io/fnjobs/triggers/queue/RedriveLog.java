package io.fnjobs.triggers.queue;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.layout.StateLayout;
import io.fnjobs.common.store.ConditionalStore;
import io.fnjobs.common.store.PreconditionFailedException;
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

  private final ConditionalStore store;

  RedriveLog(ConditionalStore store) {
    this.store = store;
  }

  Optional<Entry> find(String deadLetterQueue, String messageId) {
    String key = StateLayout.redrive(deadLetterQueue, messageId);
    return store.read(key).map(object -> Json.read(object.bytes(), Entry.class, store.bucket() + "/" + key));
  }

  void record(Entry entry) {
    try {
      store.create(StateLayout.redrive(entry.deadLetterQueue(), entry.messageId()), Json.write(entry), "application/json");
    } catch (PreconditionFailedException alreadyRecorded) {
      // an earlier redrive of this dead letter stopped before deleting it: its record stands
    }
  }

  /** One redriven dead letter: from which queue to which, its ids before and after, and when. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Entry(String deadLetterQueue, String messageId, String originalMessageId, String sourceQueue,
      String newMessageId, String redrivenAt) {}
}
