package io.fnjobs.triggers.blob;

import static io.fnjobs.triggers.blob.WebhookTrigger.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.TestInfo;

/**
 * A webhook trigger and an upload key of its own for one test, over a {@link CurrentContentFn}: what
 * the tests of one key's uploads share, so that receipts and objects do not leak between tests.
 * Closing it stops the trigger and removes the key (every version and delete marker of it where the
 * bucket keeps versions), so that the next test's sweep lists its own key only.
 */
final class OneKeyTrigger implements AutoCloseable {

  private final StateStore store;
  private final boolean versioned;
  private final String key;
  private final CurrentContentFn fn;
  private final WebhookTrigger trigger;

  private OneKeyTrigger(StateStore store, boolean versioned, String name, String token) {
    this.store = store;
    this.versioned = versioned;
    this.key = "images/" + name + ".jpg";
    this.fn = new CurrentContentFn(store.s3());
    this.trigger = WebhookTrigger.start(store, fn, name, token);
  }

  /** On a plain bucket; the trigger named {@code prefix} and a hash of the test's name. */
  static OneKeyTrigger start(StateStore store, TestInfo test, String prefix, String token) {
    return new OneKeyTrigger(store, false, nameOf(test, prefix), token);
  }

  /** On a bucket that keeps versions ({@link StateStore#versioned}). */
  static OneKeyTrigger startVersioned(StateStore store, TestInfo test, String prefix, String token) {
    return new OneKeyTrigger(store, true, nameOf(test, prefix), token);
  }

  private static String nameOf(TestInfo test, String prefix) {
    return prefix + Integer.toHexString(test.getDisplayName().hashCode());
  }

  String key() {
    return key;
  }

  CurrentContentFn fn() {
    return fn;
  }

  WebhookTrigger trigger() {
    return trigger;
  }

  /** Posts a webhook body; the trigger must take it. */
  void post(String body) throws Exception {
    assertThat(trigger.post(body).statusCode()).isEqualTo(200);
  }

  /** Posts a webhook and waits until the workers are done with {@code finished} changes in all. */
  void postAndAwait(String body, long finished) throws Exception {
    post(body);
    awaitFinished(finished);
  }

  /** Waits until the workers are done with {@code count} changes in all and have settled them. */
  void awaitFinished(long count) {
    eventually(() -> trigger.finished() >= count);
    trigger.awaitSettled();
  }

  @Override
  public void close() {
    trigger.close();
    if (!versioned) {
      store.s3().deleteObject(r -> r.bucket(StateStore.UPLOADS).key(key));
      return;
    }
    store.s3().listObjectVersionsPaginator(r -> r.bucket(StateStore.UPLOADS).prefix(key)).forEach(page -> {
      page.versions().forEach(version -> deleteVersion(version.versionId()));
      page.deleteMarkers().forEach(marker -> deleteVersion(marker.versionId()));
    });
  }

  private void deleteVersion(String versionId) {
    store.s3().deleteObject(r -> r.bucket(StateStore.UPLOADS).key(key).versionId(versionId));
  }
}
