package io.fnjobs.triggers.blob;

import static io.fnjobs.triggers.blob.WebhookTrigger.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.BlobEvent;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.BlobChange.Change;
import io.fnjobs.common.store.ETags;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * A bucket that keeps versions, on a real S3 server ({@link StateStore#versioned}): the sweep lists
 * object versions, so its changes and the webhooks' name one version alike, whichever comes first, and
 * one invocation runs per version; a removal it notices is named by its delete marker, as its event.
 */
class VersionedBucketTest {

  private static final String TOKEN = "versioned-test-token";

  @TempDir static Path data;
  private static StateStore store;

  private OneKeyTrigger one;
  private CurrentContentFn fn;
  private WebhookTrigger trigger;
  private String key;

  @BeforeAll
  static void start() {
    store = StateStore.versioned(data);
  }

  @AfterAll
  static void stop() {
    store.close();
  }

  @BeforeEach
  void setUp(TestInfo test) {
    one = OneKeyTrigger.startVersioned(store, test, "v", TOKEN);
    key = one.key();
    fn = one.fn();
    trigger = one.trigger();
  }

  @AfterEach
  void tearDown() {
    one.close();
  }

  @Test
  void sweepAndWebhook_shouldRunOnce_forOneVersion_whicheverComesFirst() throws Exception {
    PutObjectResponse first = put("A");
    one.postAndAwait(MinioEvents.created(key, etag(first), first.versionId(), "0001", Instant.now()), 1);

    SweepReport afterWebhook = trigger.listener().sweepNow();

    PutObjectResponse second = put("B");
    SweepReport beforeWebhook = trigger.listener().sweepNow();
    eventually(() -> trigger.finished() == 2);
    trigger.awaitSettled();
    one.postAndAwait(MinioEvents.created(key, etag(second), second.versionId(), "0002", Instant.now()), 3);

    assertThat(afterWebhook.versions()).isTrue();
    assertThat(afterWebhook.dispatched()).as("the webhook's version, found settled by its id").isZero();
    assertThat(beforeWebhook.dispatched()).isEqualTo(1);
    assertThat(fn.calls()).extracting(call -> ((BlobEvent) call).blob().versionId())
        .containsExactly(first.versionId(), second.versionId());
    assertThat(trigger.delivered("duplicates")).isEqualTo(1);
    assertThat(trigger.listener().sweepNow().dispatched()).isZero();
  }

  @Test
  void sweepAndWebhook_shouldApplyARemovalOnce_namingItByItsDeleteMarker() throws Exception {
    PutObjectResponse put = put("A");
    assertThat(trigger.listener().sweepNow().dispatched()).isEqualTo(1);
    eventually(() -> trigger.finished() == 1);
    trigger.awaitSettled();
    String marker = store.s3().deleteObject(r -> r.bucket(StateStore.UPLOADS).key(key)).versionId();

    SweepReport sweep = trigger.listener().sweepNow();
    eventually(() -> trigger.finished() == 2);
    trigger.awaitSettled();
    one.postAndAwait(MinioEvents.removed(key, marker, "0002", Instant.now()), 3);

    assertThat(sweep.removals()).isEqualTo(1);
    assertThat(fn.calls()).hasSize(2);
    TriggerEvent removal = fn.calls().get(1);
    assertThat(((BlobEvent) removal).blob().change()).isEqualTo(Change.removed);
    assertThat(((BlobEvent) removal).blob().versionId()).isEqualTo(marker).isNotEqualTo(put.versionId());
    assertThat(trigger.delivered("duplicates")).as("the webhook of the same removal").isEqualTo(1);
    SweepReport after = trigger.listener().sweepNow();
    assertThat(after.removals()).isZero();
    assertThat(after.dispatched()).isZero();
  }

  private PutObjectResponse put(String content) {
    return store.s3().putObject(r -> r.bucket(StateStore.UPLOADS).key(key), RequestBody.fromString(content));
  }

  private static String etag(PutObjectResponse put) {
    return ETags.bare(put.eTag());
  }
}
