package io.fnjobs.bench.thumbnail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The CPU this JVM's own threads have used so far, by kind: the JIT's compiler threads and the
 * garbage collector's threads, read from {@code /proc/self/task} (Linux; 10 ms ticks per thread).
 * The JVM's own counters do not give this: the compilation time it reports is elapsed time, which a
 * loaded machine inflates, and a collector's time is its pauses.
 *
 * <p>A thread that ends between two snapshots takes its time with it (the JVM can retire compiler
 * threads), so a difference is a lower bound.
 */
record JvmThreadsCpu(double jitMillis, double gcMillis) {

  private static final Path TASKS = Path.of("/proc/self/task");
  private static final double MILLIS_PER_TICK = 10;

  /** The CPU so far, or empty where {@code /proc} does not tell it. */
  static Optional<JvmThreadsCpu> now() {
    if (!Files.isDirectory(TASKS)) {
      return Optional.empty();
    }
    long jit = 0;
    long gc = 0;
    try (Stream<Path> tasks = Files.list(TASKS)) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException ended) {
          continue;
        }
        // "tid (comm) state ...": the name may hold spaces, the fields after its ")" do not
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
          jit += ticks;
        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
          gc += ticks;
        }
      }
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
    return Optional.of(new JvmThreadsCpu(jit * MILLIS_PER_TICK, gc * MILLIS_PER_TICK));
  }

  /** What the threads used since {@code before}. */
  JvmThreadsCpu since(JvmThreadsCpu before) {
    return new JvmThreadsCpu(jitMillis - before.jitMillis, gcMillis - before.gcMillis);
  }
}
