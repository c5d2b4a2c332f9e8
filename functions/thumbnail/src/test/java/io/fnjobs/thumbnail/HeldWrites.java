package io.fnjobs.thumbnail;

import io.fnjobs.thumbnail.image.Thumbnail;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real thumbnail store with a latch before the first write: the invocation that uses it renders
 * and then waits, until the test releases it, before it writes anything. A test that needs one
 * invocation to finish last holds it there while the other runs whole.
 */
final class HeldWrites implements ThumbnailStore {

  private static final long MAX_WAIT_SECONDS = 60;

  private final ThumbnailStore store;
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicBoolean first = new AtomicBoolean(true);

  HeldWrites(ThumbnailStore store) {
    this.store = store;
  }

  /** Waits until an invocation has reached its first write and waits there. */
  void awaitHeld() throws InterruptedException {
    if (!held.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("no write reached the store within " + MAX_WAIT_SECONDS + " s");
    }
  }

  /** Lets the held write, and every one after it, go on. */
  void release() {
    released.countDown();
  }

  @Override
  public String bucket() {
    return store.bucket();
  }

  @Override
  public boolean put(String key, SourceVersion version, Thumbnail thumbnail) {
    if (first.compareAndSet(true, false)) {
      held.countDown();
      try {
        if (!released.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new AssertionError("the held write was not released within " + MAX_WAIT_SECONDS + " s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while held", e);
      }
    }
    return store.put(key, version, thumbnail);
  }

  @Override
  public void delete(String key) {
    store.delete(key);
  }
}
