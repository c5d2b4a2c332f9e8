package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.localdev.EmbeddedStack;
import io.fnjobs.localdev.StackOptions;
import io.fnjobs.triggers.runs.ObjectStoreRunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Benchmark, not part of the suite (its name is no test's; {@code tests/bench/run-console-bench.sh}
 * runs it): the console with a long history, {@value #RUNS} run records written straight into the
 * state bucket, all within the last hour (the most the overview's counts have to read), then the pages
 * loaded in Chromium and timed in the page, from the start of the navigation to the first rows painted,
 * with each load's requests and the store's share underneath. It prints the times and asserts no bound
 * on them: on a shared machine they measure the machine as much as the console.
 */
class ConsoleLoadBench {

  static final int RUNS = 10_000;
  private static final List<String> TRIGGERS = List.of("thumbnail-on-upload", "orders-from-queue", "nightly-cleanup");
  private static final Outcome[] OUTCOMES = {Outcome.succeeded, Outcome.succeeded, Outcome.succeeded, Outcome.failed,
      Outcome.rejected, Outcome.deferred};

  @TempDir static Path data;
  private static EmbeddedStack stack;
  private static Browser browser;
  private static long seedMillis;

  @BeforeAll
  static void start() throws Exception {
    stack = EmbeddedStack.start(StackOptions.builder().repoDir(Path.of("..")).dataDir(data).allPorts(0).build());
    long started = System.nanoTime();
    try (S3Client s3 = StackClients.s3(stack)) {
      seed(new ObjectStoreRunLog(s3, "state", Clock.systemUTC()), Instant.now());
    }
    seedMillis = (System.nanoTime() - started) / 1_000_000;
    browser = Browser.open(stack.triggersUri(), ConsoleBrowserE2ETest.SCREENSHOTS);
  }

  @AfterAll
  static void stop() {
    Browser.closeThen(browser, () -> {
      if (stack != null) {
        stack.close();
      }
    });
  }

  @Test
  void pages_shouldPaintTheirFirstRows_withTenThousandRunsInTheStateBucket() {
    List<Double> runsPage = new ArrayList<>();
    List<Double> overview = new ArrayList<>();
    for (int load = 0; load < 3; load++) {
      // a query makes each load a new document, so each is timed from its own navigation
      browser.go("/?load=" + load + "#/runs");
      runsPage.add(browser.mark("console:first-rows"));
      System.out.println("runs page load " + load + ": " + String.join(", ", browser.requests()));
      browser.go("/?load=" + load + "&page=overview#/overview");
      overview.add(browser.mark("console:overview-painted"));
      System.out.println("overview load " + load + ": " + String.join(", ", browser.requests()));
    }
    long countedIn = secondsUntilTheSummaryHasReadEveryRun();
    String underneath = underneath();
    // the overview still open polls once a second: two polls bring it the complete counts for the picture
    OrderSupport.sleep(2000);
    browser.screenshot("overview-10000");
    browser.go("/#/runs");
    browser.waitFor("tr.run");
    browser.screenshot("runs-10000");

    System.out.printf("console with %d runs (seeded in %d ms): runs page, navigation to first rows painted: %s ms;"
        + " overview painted: %s ms; the last hour's counts complete after %d s%n", RUNS, seedMillis, runsPage, overview,
        countedIn);
    System.out.println("underneath, once the counts are complete: " + underneath);
    assertThat(browser.count("tr.run")).as("a page of runs").isEqualTo(30);
  }

  /**
   * Where a runs page's answer spends its time, timed from here: the answer itself, then the store's
   * share of it, one trigger's listing of a page of keys and one record's read.
   */
  private static String underneath() {
    long api = millis(() -> StackClients.get(stack.triggersUri().resolve("/runs?limit=30")));
    try (S3Client s3 = StackClients.s3(stack)) {
      String prefix = "runs/" + TRIGGERS.get(0) + "/";
      List<String> keys = new ArrayList<>();
      long list = millis(() -> s3.listObjectsV2(r -> r.bucket("state").prefix(prefix).maxKeys(31)).contents()
          .forEach(object -> keys.add(object.key())));
      long read = millis(() -> s3.getObjectAsBytes(r -> r.bucket("state").key(keys.get(0))));
      return String.format("GET /runs?limit=30 %d ms; the store: a listing of 31 keys under %s %d ms, a record's read %d ms",
          api, prefix, list, read);
    }
  }

  private static long millis(Runnable work) {
    long started = System.nanoTime();
    work.run();
    return (System.nanoTime() - started) / 1_000_000;
  }

  /** Polls the summary as the overview does, once a second, until it has read every run of the hour. */
  private static long secondsUntilTheSummaryHasReadEveryRun() {
    long started = System.nanoTime();
    while (System.nanoTime() - started < Duration.ofMinutes(4).toNanos()) {
      JsonNode triggers;
      try {
        triggers = StackClients.get(stack.triggersUri().resolve("/runs/summary")).json().path("triggers");
      } catch (UncheckedIOException slow) {
        // an answer slower than the client's 30 s: the machine is busy; the next poll counts on
        continue;
      }
      int runs = 0;
      int counted = 0;
      for (String trigger : TRIGGERS) {
        runs += triggers.path(trigger).path("runs").asInt();
        counted += triggers.path(trigger).path("counted").asInt();
      }
      if (runs == RUNS && counted == RUNS) {
        return Duration.ofNanos(System.nanoTime() - started).toSeconds();
      }
      OrderSupport.sleep(1000);
    }
    throw new AssertionError("the summary did not read the " + RUNS + " runs within 4 minutes");
  }

  /** {@value #RUNS} runs over the 50 minutes before {@code now}, spread over the triggers, written 8 at a time. */
  private static void seed(ObjectStoreRunLog log, Instant now) throws Exception {
    ExecutorService writers = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> writes = new ArrayList<>();
      for (int i = 0; i < RUNS; i++) {
        int n = i;
        writes.add(writers.submit(() -> log.record(run(n, now.minusMillis(300L * n + 1000)))));
      }
      for (Future<?> write : writes) {
        write.get();
      }
    } finally {
      writers.shutdown();
    }
  }

  private static RunRecord run(int n, Instant started) {
    String trigger = TRIGGERS.get(n % TRIGGERS.size());
    return RunRecord.builder().trigger(trigger).function("fn").event("event-" + n, "key:" + n).attempt(1)
        .between(started.toString(), started.plusMillis(120).toString()).outcome(OUTCOMES[n % OUTCOMES.length])
        .fnCall(200, "call-" + n).detail("seeded").about("job", "subject-" + n).build();
  }
}
