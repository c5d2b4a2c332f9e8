package io.fnjobs.triggers.runs;

import io.fnjobs.common.json.Json;
import io.fnjobs.triggers.http.AdminServer;
import io.fnjobs.triggers.http.AdminServer.Reply;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@code GET /runs/summary}: per trigger, the runs started within the last {@link #WINDOW} and how
 * many ended with each outcome, for the console's overview.
 *
 * <p>A run's start is in its key ({@link RunIds}), its outcome only in its record, and records never
 * change once written: so each answer lists the window's keys (newest first, stopping at the first
 * older one) and reads only the records it has not read before, at most {@link #MAX_READS} per answer;
 * the outcomes read are kept while their runs are in the window. An answer with records left unread
 * says so ({@code counted} below {@code runs}); the next ones count on. Records are read
 * {@value #PARALLEL_READS} at a time. Answers are computed at most
 * once per {@link #FRESH} and shared by every caller, so consoles polling at once add no reads.
 */
public final class RunSummary {

  static final Duration WINDOW = Duration.ofHours(1);
  static final Duration FRESH = Duration.ofSeconds(1);
  /** Keys listed at most per trigger and answer: a window with more says {@code more}. */
  static final int MAX_LISTED = 20_000;
  /** Records read at most per answer, across the triggers. */
  static final int MAX_READS = 500;
  private static final int LIST_PAGE = 1000;
  static final int PARALLEL_READS = 8;
  // shared by every summary of the process; idle threads end, so a console closed costs nothing
  private static final ExecutorService READERS = readers();

  private final S3Client s3;
  private final String bucket;
  private final List<String> triggers;
  private final Clock clock;
  private final int maxReads;
  // key -> outcome read; written by the readers of one summary at a time (guarded by this)
  private final Map<String, Outcome> outcomes = new ConcurrentHashMap<>();
  private Map<String, Object> last; // guarded by this
  private Instant lastAt; // guarded by this

  public RunSummary(S3Client s3, String bucket, List<String> triggers, Clock clock) {
    this(s3, bucket, triggers, clock, MAX_READS);
  }

  RunSummary(S3Client s3, String bucket, List<String> triggers, Clock clock, int maxReads) {
    this.s3 = s3;
    this.bucket = bucket;
    this.triggers = List.copyOf(triggers);
    this.clock = clock;
    this.maxReads = maxReads;
  }

  public void addTo(AdminServer admin) {
    admin.route("GET", "/runs/summary", request -> Reply.ok(summary()));
  }

  /**
   * {@code {"window", "since", "at", "triggers": {name: {"runs", "counted", "more", "outcomes": {outcome:
   * n}}}}}: {@code runs} started since {@code since}, of which {@code counted} have been read; {@code
   * more} when the window holds more runs than were listed.
   */
  synchronized Map<String, Object> summary() {
    Instant now = clock.instant();
    if (last != null && Duration.between(lastAt, now).compareTo(FRESH) < 0 && !now.isBefore(lastAt)) {
      return last;
    }
    Instant since = now.minus(WINDOW);
    Set<String> inWindow = new HashSet<>();
    int readsLeft = maxReads;
    Map<String, Object> byTrigger = new LinkedHashMap<>();
    for (String trigger : triggers) {
      Listed listed = list(trigger, since);
      inWindow.addAll(listed.keys());
      readsLeft -= readMissing(listed.keys(), readsLeft);
      byTrigger.put(trigger, count(listed));
    }
    outcomes.keySet().retainAll(inWindow);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("window", WINDOW.toString());
    answer.put("since", since.toString());
    answer.put("at", now.toString());
    answer.put("triggers", byTrigger);
    last = answer;
    lastAt = now;
    return answer;
  }

  private Map<String, Object> count(Listed listed) {
    Map<String, Integer> byOutcome = new LinkedHashMap<>();
    for (Outcome outcome : Outcome.values()) {
      byOutcome.put(outcome.name(), 0);
    }
    int counted = 0;
    for (String key : listed.keys()) {
      Outcome outcome = outcomes.get(key);
      if (outcome != null) {
        byOutcome.merge(outcome.name(), 1, Integer::sum);
        counted++;
      }
    }
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("runs", listed.keys().size());
    entry.put("counted", counted);
    entry.put("more", listed.more());
    entry.put("outcomes", byOutcome);
    return entry;
  }

  /** Reads the outcomes not known yet, up to {@code budget}, {@value #PARALLEL_READS} at a time; how many it read. */
  private int readMissing(List<String> keys, int budget) {
    List<Callable<Void>> reads = keys.stream().filter(key -> !outcomes.containsKey(key)).limit(Math.max(0, budget))
        .<Callable<Void>>map(key -> () -> {
          readOutcome(key).ifPresent(outcome -> outcomes.put(key, outcome));
          return null;
        }).toList();
    try {
      for (Future<Void> read : READERS.invokeAll(reads)) {
        read.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while counting the runs", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
    }
    return reads.size();
  }

  /** A record removed by the nightly cleanup since the listing is not counted. */
  private Optional<Outcome> readOutcome(String key) {
    try {
      return Optional.ofNullable(Json.read(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray(),
          RunRecord.class, bucket + "/" + key).outcome());
    } catch (NoSuchKeyException gone) {
      return Optional.empty();
    }
  }

  /** The keys of the runs of {@code trigger} started since {@code since}, newest first. */
  private Listed list(String trigger, Instant since) {
    String prefix = RunIds.prefix(trigger);
    long sinceMillis = since.toEpochMilli();
    List<String> keys = new ArrayList<>();
    String continuation = null;
    do {
      ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix)
          .maxKeys(Math.min(LIST_PAGE, MAX_LISTED - keys.size()));
      ListObjectsV2Response page = s3.listObjectsV2((continuation == null ? request
          : request.continuationToken(continuation)).build());
      for (S3Object object : page.contents()) {
        String id = RunIds.idOf(prefix, object.key());
        if (!RunIds.isId(id)) {
          continue;
        }
        if (startMillis(id) < sinceMillis) {
          return new Listed(keys, false);
        }
        keys.add(object.key());
      }
      continuation = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (continuation != null && keys.size() < MAX_LISTED);
    return new Listed(keys, continuation != null);
  }

  /** The start of a run from its id. */
  private static long startMillis(String id) {
    return RunIds.INVERT - Long.parseLong(id.substring(0, 13));
  }

  private static ExecutorService readers() {
    ThreadPoolExecutor pool = new ThreadPoolExecutor(PARALLEL_READS, PARALLEL_READS, 30, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "run-summary-reader");
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  private record Listed(List<String> keys, boolean more) {}
}
