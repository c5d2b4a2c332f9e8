package io.fnjobs.bench;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fnjobs.common.json.Json;
import io.fnjobs.orders.inventory.StockRecord;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a reserve costs the order-processor's CPU beside its two requests: reading a stock record, adding a
 * hold and writing it back, for records of a hot SKU's sizes. The stock record as it is (its holds in two
 * arrays, appended as read and written as they are) against the record as it was ({@link TreeMapStock}:
 * Jackson binding the holds into a sorted tree, copied on each change), on the same stored bytes, in
 * alternating rounds of one thread after warming both.
 *
 * <p>Arguments: the hold counts to measure, default {@code 100 600 1100 5000}.
 */
public final class StockRecordBench {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int CALLS = 1000;
  private static final int WARM_UP_ROUNDS = 10;
  private static final int ROUNDS = 20;
  private static int calls;

  private StockRecordBench() {}

  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {100, 600, 1100, 5000}
        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    System.out.println("read + hold + write of a stock record, CPU per call on one thread");
    System.out.printf("%-8s %14s %14s %8s%n", "holds", "before (tree)", "after (arrays)", "ratio");
    for (int holds : sizes) {
      byte[] stored = stored(holds);
      long before = 0;
      long after = 0;
      for (int round = 0; round < WARM_UP_ROUNDS + ROUNDS; round++) {
        long tree = cpuNanos(() -> Json.write(Json.read(stored, TreeMapStock.class, "tree").withHold(next(), 1)));
        long arrays = cpuNanos(() -> Json.write(Json.read(stored, StockRecord.class, "arrays").withHold(next(), 1)));
        if (round >= WARM_UP_ROUNDS) {
          before += tree;
          after += arrays;
        }
      }
      System.out.printf(Locale.ROOT, "%-8d %11.1f us %11.1f us %7.2fx%n", holds, before / 1e3 / ROUNDS / CALLS,
          after / 1e3 / ROUNDS / CALLS, (double) before / after);
    }
  }

  /** The same bytes either way: both write their holds sorted by order id, and the bench checks it. */
  private static byte[] stored(int holds) {
    Map<String, Integer> map = new TreeMap<>();
    for (int i = 0; i < holds; i++) {
      map.put("order-" + (100_000 + 7 * i), 1 + i % 3);
    }
    byte[] stored = Json.write(new StockRecord("BENCH", "bench", 1_000_000, map));
    if (!Arrays.equals(stored, Json.write(new TreeMapStock("BENCH", "bench", 1_000_000, map)))) {
      throw new IllegalStateException("the two records store different JSON: the comparison would not be fair");
    }
    return stored;
  }

  /** A new order id each call, as each reserve of a hot SKU adds one. */
  private static String next() {
    return "order-new-" + calls++;
  }

  private static long cpuNanos(Runnable call) {
    long start = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < CALLS; i++) {
      call.run();
    }
    return THREADS.getCurrentThreadCpuTime() - start;
  }

  /** The stock record as it was before its holds moved into arrays: a sorted tree, copied on each change. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record TreeMapStock(String sku, String name, int available,
      @JsonDeserialize(as = TreeMap.class) Map<String, Integer> holds) {

    TreeMapStock {
      holds = Collections.unmodifiableSortedMap(holds == null ? new TreeMap<>() : new TreeMap<>(holds));
    }

    TreeMapStock withHold(String orderId, int quantity) {
      Map<String, Integer> next = new TreeMap<>(holds);
      next.put(orderId, quantity);
      return new TreeMapStock(sku, name, available - quantity, next);
    }
  }
}
