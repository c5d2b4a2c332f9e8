package io.fnjobs.bench.cleanup;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live heap during a run: every {@code period} a collection, then the heap in use, keeping the
 * largest. What the code holds on to, without the garbage between collections. The collections cost
 * every measured run the same little time.
 */
final class HeapSampler implements AutoCloseable {

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peak = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  HeapSampler(long periodMillis) {
    sample();
    thread = new Thread(() -> {
      while (running) {
        try {
          Thread.sleep(periodMillis);
        } catch (InterruptedException e) {
          return;
        }
        sample();
      }
    }, "heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  private void sample() {
    System.gc();
    long used = memory.getHeapMemoryUsage().getUsed();
    peak.accumulateAndGet(used, Math::max);
  }

  /** The largest live heap seen, in MB. */
  double peakMegabytes() {
    return peak.get() / (1024.0 * 1024.0);
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join();
    sample();
  }
}
