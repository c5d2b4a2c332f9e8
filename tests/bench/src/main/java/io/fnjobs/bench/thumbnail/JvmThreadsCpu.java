package io.fnjobs.bench.thumbnail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
    return byKind().map(kinds -> new JvmThreadsCpu(
        // names are cut at 15 characters: "C2 CompilerThread0" is "C2 CompilerThre", here "C# CompilerThre"
        kinds.getOrDefault("C# CompilerThre", 0.0),
        kinds.entrySet().stream().filter(kind -> kind.getKey().startsWith("GC Thread") || kind.getKey().startsWith("G# "))
            .mapToDouble(Map.Entry::getValue).sum()));
  }

  /**
   * The CPU so far of every kind of thread, in milliseconds: threads named alike but for their numbers
   * ({@code pool-3-thread-1}, {@code pool-3-thread-2}) are one kind ({@code pool-#-thread-#}). Empty
   * where {@code /proc} does not tell it.
   */
  static Optional<Map<String, Double>> byKind() {
    if (!Files.isDirectory(TASKS)) {
      return Optional.empty();
    }
    Map<String, Double> kinds = new TreeMap<>();
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
        kinds.merge(name.replaceAll("[0-9]+", "#"), ticks * MILLIS_PER_TICK, Double::sum);
      }
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
    return Optional.of(kinds);
  }

  /** What each kind of thread used between two {@link #byKind} readings; a kind whose threads all ended is left out. */
  static Map<String, Double> since(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> used = new TreeMap<>();
    after.forEach((kind, millis) -> used.put(kind, millis - before.getOrDefault(kind, 0.0)));
    return used;
  }

  /** What the threads used since {@code before}. */
  JvmThreadsCpu since(JvmThreadsCpu before) {
    return new JvmThreadsCpu(jitMillis - before.jitMillis, gcMillis - before.gcMillis);
  }
}
