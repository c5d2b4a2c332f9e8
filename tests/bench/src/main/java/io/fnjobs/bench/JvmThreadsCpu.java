package io.fnjobs.bench;

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
public record JvmThreadsCpu(double jitMillis, double gcMillis) {

  private static final Path TASKS = Path.of("/proc/self/task");
  private static final double MILLIS_PER_TICK = 10;
  /** The JIT's compiler threads as a kind: names are cut at 15 characters, "C2 CompilerThread0" is "C2 CompilerThre". */
  public static final String JIT_THREADS = "C# CompilerThre";

  /** The CPU so far, or empty where {@code /proc} does not tell it. */
  public static Optional<JvmThreadsCpu> now() {
    return threads().map(threads -> {
      Map<String, Double> kinds = byKind(threads);
      return new JvmThreadsCpu(kinds.getOrDefault(JIT_THREADS, 0.0), kinds.entrySet().stream()
          .filter(kind -> kind.getKey().startsWith("GC Thread") || kind.getKey().startsWith("G# "))
          .mapToDouble(Map.Entry::getValue).sum());
    });
  }

  /** One thread's name and CPU so far, in milliseconds. */
  public record ThreadCpu(String name, double millis) {}

  /** Every thread of this JVM by its id, with its name and CPU so far; empty where {@code /proc} does not tell it. */
  public static Optional<Map<String, ThreadCpu>> threads() {
    if (!Files.isDirectory(TASKS)) {
      return Optional.empty();
    }
    Map<String, ThreadCpu> threads = new TreeMap<>();
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
        threads.put(task.getFileName().toString(), new ThreadCpu(name, ticks * MILLIS_PER_TICK));
      }
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
    return Optional.of(threads);
  }

  /**
   * What each kind of thread used between two {@link #threads} readings, in milliseconds: threads named
   * alike but for their numbers ({@code pool-3-thread-1}, {@code pool-3-thread-2}) are one kind
   * ({@code pool-#-thread-#}). A thread that started meanwhile counts from zero; one that ended is left
   * out (the JVM starts and retires compiler threads as it needs them), so each figure is a lower bound.
   */
  public static Map<String, Double> since(Map<String, ThreadCpu> before, Map<String, ThreadCpu> after) {
    Map<String, ThreadCpu> used = new TreeMap<>();
    after.forEach((id, thread) -> {
      ThreadCpu earlier = before.get(id);
      double from = earlier != null && earlier.name().equals(thread.name()) ? earlier.millis() : 0;
      used.put(id, new ThreadCpu(thread.name(), thread.millis() - from));
    });
    return byKind(used);
  }

  private static Map<String, Double> byKind(Map<String, ThreadCpu> threads) {
    Map<String, Double> kinds = new TreeMap<>();
    threads.values().forEach(thread -> kinds.merge(thread.name().replaceAll("[0-9]+", "#"), thread.millis(), Double::sum));
    return kinds;
  }

  /** What the threads used since {@code before}; a thread that ended meanwhile took its time with it. */
  public JvmThreadsCpu since(JvmThreadsCpu before) {
    return new JvmThreadsCpu(jitMillis - before.jitMillis, gcMillis - before.gcMillis);
  }
}
