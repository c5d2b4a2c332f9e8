package io.fnjobs.cleanup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fnjobs.cleanup.progress.Checkpoint;
import io.fnjobs.cleanup.progress.CheckpointStore;
import io.fnjobs.cleanup.progress.CheckpointTakenOverException;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.common.store.Versioned;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoints of cleanup runs on the real embedded store, two attempts of one slot racing. */
class CheckpointStoreTest {

  private static final String SLOT = "2026-12-07T03:00:00Z";

  @TempDir static Path data;
  private static Buckets buckets;

  @BeforeAll
  static void start() {
    buckets = new Buckets(data);
  }

  @AfterAll
  static void stop() {
    buckets.close();
  }

  @Test
  void save_shouldThrowTakenOver_whenAnotherAttemptWroteTheCheckpointSinceThisOneDid() {
    CheckpointStore first = new CheckpointStore(new S3ConditionalStore(buckets.s3(), Buckets.STATE));
    CheckpointStore second = new CheckpointStore(new S3ConditionalStore(buckets.s3(), Buckets.STATE));
    first.delete(SLOT);
    Versioned<Checkpoint> started = first.save(checkpoint(0), null);
    second.save(checkpoint(1), second.load(SLOT).orElseThrow().etag());

    assertThatThrownBy(() -> first.save(checkpoint(0), started.etag()))
        .isInstanceOf(CheckpointTakenOverException.class)
        .hasMessageContaining(Buckets.STATE + "/" + CheckpointStore.key(SLOT));
    assertThat(first.load(SLOT).orElseThrow().value().resumes()).as("the other attempt's checkpoint stands").isEqualTo(1);
  }

  @Test
  void save_shouldThrowTakenOver_whenAnotherAttemptCreatedTheFirstCheckpoint() {
    CheckpointStore store = new CheckpointStore(new S3ConditionalStore(buckets.s3(), Buckets.STATE));
    store.delete(SLOT);
    store.save(checkpoint(3), null);

    assertThatThrownBy(() -> store.save(checkpoint(0), null)).isInstanceOf(CheckpointTakenOverException.class);
  }

  private static Checkpoint checkpoint(int resumes) {
    return new Checkpoint(SLOT, SLOT, SLOT, resumes, null, Map.of(), List.of(), 0, List.of(), List.of());
  }
}
