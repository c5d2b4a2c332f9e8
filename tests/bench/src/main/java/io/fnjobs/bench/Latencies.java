package io.fnjobs.bench;

import java.util.Arrays;

/** Latencies of repeated calls, in nanoseconds, and their percentiles. */
final class Latencies {

  private final long[] nanos;
  private int count;

  Latencies(int capacity) {
    this.nanos = new long[capacity];
  }

  void add(long elapsedNanos) {
    nanos[count++] = elapsedNanos;
  }

  /** Runs {@code call} {@code warmup} times unmeasured, then {@code calls} times measured. */
  static Latencies measure(int warmup, int calls, Call call) throws Exception {
    for (int i = 0; i < warmup; i++) {
      call.run();
    }
    Latencies latencies = new Latencies(calls);
    for (int i = 0; i < calls; i++) {
      long started = System.nanoTime();
      call.run();
      latencies.add(System.nanoTime() - started);
    }
    return latencies;
  }

  /** The {@code percent} percentile in milliseconds (nearest rank). */
  double percentileMillis(double percent) {
    long[] sorted = Arrays.copyOf(nanos, count);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(percent / 100.0 * count);
    return sorted[Math.max(0, rank - 1)] / 1_000_000.0;
  }

  double meanMillis() {
    return Arrays.stream(nanos, 0, count).average().orElse(0) / 1_000_000.0;
  }

  /** One measured call; throws when the answer is wrong. */
  interface Call {
    void run() throws Exception;
  }
}
