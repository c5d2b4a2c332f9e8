package io.fnjobs.orders.inventory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Lets the updates of one stock record made in one JVM take turns instead of racing: on a hot SKU,
 * writers that race over the store lose most of their conditional writes, and each lost race costs a
 * read and a write of the whole record again. Where the embedded function host runs a function's hot
 * containers in one JVM (they share its class loader) they queue here; on Fn, where each container is
 * a JVM of its own, and between JVMs, the conditional write still settles every race. Only an
 * optimisation: past {@code patience} an update goes on without its turn, so a stuck writer never
 * holds the others up for longer than that.
 */
final class StockTurns {

  /** The turns of every inventory in this JVM (of the class loader that loaded it). */
  static final StockTurns SHARED = new StockTurns(Duration.ofSeconds(2));

  // records share a lock when their keys' hashes meet: a rare wait too many, never a race more
  private static final int STRIPES = 64;

  private final ReentrantLock[] locks = new ReentrantLock[STRIPES];
  private final Duration patience;

  StockTurns(Duration patience) {
    this.patience = patience;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new ReentrantLock();
    }
  }

  /** Runs {@code update} of the record at {@code key} once no other update of it in this JVM runs, or after {@code patience}. */
  <R> R inTurn(String key, Supplier<R> update) {
    ReentrantLock lock = locks[Math.floorMod(key.hashCode(), STRIPES)];
    boolean turn;
    try {
      turn = lock.tryLock(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to update the stock record " + key, e);
    }
    try {
      return update.get();
    } finally {
      if (turn) {
        lock.unlock();
      }
    }
  }
}
