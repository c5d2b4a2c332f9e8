package io.fnjobs.triggers.runs;

import io.fnjobs.common.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * {@link RunLog} and {@link RunHistory} in the state bucket, one object per run at
 * {@code runs/<trigger>/<inverted start millis>-<random>.json} ({@link RunIds}): S3 lists keys in
 * ascending order, so the inverted time lists the newest first and "recent" reads only {@code limit}
 * keys. A page over several triggers merges their listings by id, listing each no further than the
 * page's reads go, and reads its records {@value #READ_CHUNK} at a time, {@value #READERS} at once.
 */
public final class ObjectStoreRunLog implements RunLog, RunHistory {

  private static final int LIST_PAGE = 1000;
  /** Records read at once by a page: one round trip's worth instead of one each. */
  private static final int READ_CHUNK = 32;
  private static final int READERS = 8;
  // shared by every page of every instance's history; idle threads end
  private static final ExecutorService READS = readers();

  private final S3Client s3;
  private final String bucket;
  private final Clock clock;

  public ObjectStoreRunLog(S3Client s3, String bucket, Clock clock) {
    this.s3 = s3;
    this.bucket = bucket;
    this.clock = clock;
  }

  @Override
  public void record(RunRecord run) {
    long started = run.startedAt() == null ? clock.millis() : Instant.parse(run.startedAt()).toEpochMilli();
    String key = RunIds.key(run.trigger(), RunIds.newId(started));
    s3.putObject(r -> r.bucket(bucket).key(key).contentType("application/json"), RequestBody.fromBytes(Json.write(run)));
  }

  @Override
  public List<RunRecord> recent(String trigger, int limit) {
    List<S3Object> newest = s3.listObjectsV2(r -> r.bucket(bucket).prefix(RunIds.prefix(trigger)).maxKeys(limit)).contents();
    return newest.stream().flatMap(object -> read(object.key()).stream()).toList();
  }

  @Override
  public RunPage find(List<String> triggers, RunFilter filter, String before, int limit, int maxReads) {
    // every record read is a run returned when every run is kept: the page is the limit, whatever maxReads
    int reads = filter.keepsAll() ? limit : maxReads;
    PriorityQueue<Listing> heads = new PriorityQueue<>(Comparator.comparing(Listing::headId));
    List<Listing> listings = triggers.stream().map(trigger -> new Listing(trigger, before, reads)).toList();
    // the triggers' first pages are listed at once: a listing, not the reads, is what a page waits for most
    List<Boolean> started = all(listings.stream().<Callable<Boolean>>map(listing -> listing::advance).toList());
    for (int i = 0; i < listings.size(); i++) {
      if (started.get(i)) {
        heads.add(listings.get(i));
      }
    }
    List<StoredRun> found = new ArrayList<>();
    int scanned = 0;
    String last = null;
    boolean unread = false;
    while (!heads.isEmpty() && found.size() < limit && scanned < reads) {
      List<String[]> chunk = nextChunk(heads, Math.min(READ_CHUNK, reads - scanned));
      List<Optional<RunRecord>> records = readAll(chunk.stream().map(idAndKey -> idAndKey[1]).toList());
      for (int i = 0; i < chunk.size(); i++) {
        if (found.size() == limit) {
          // read ahead, not looked at: the next page starts from the last run looked at
          unread = true;
          break;
        }
        String id = chunk.get(i)[0];
        scanned++;
        last = id;
        records.get(i).filter(filter::matches).ifPresent(run -> found.add(new StoredRun(id, run)));
      }
    }
    return new RunPage(List.copyOf(found), heads.isEmpty() && !unread ? null : last, scanned);
  }

  /** The next {@code size} runs of the merged listings, newest first, as id and key. */
  private static List<String[]> nextChunk(PriorityQueue<Listing> heads, int size) {
    List<String[]> chunk = new ArrayList<>();
    while (chunk.size() < size && !heads.isEmpty()) {
      Listing newest = heads.poll();
      chunk.add(new String[] {newest.headId(), newest.headKey()});
      if (newest.advance()) {
        heads.add(newest);
      }
    }
    return chunk;
  }

  /** Reads the records at once, {@link #READERS} at a time; each read is one GET. */
  private List<Optional<RunRecord>> readAll(List<String> keys) {
    return all(keys.stream().<Callable<Optional<RunRecord>>>map(key -> () -> read(key)).toList());
  }

  /** The answers of {@code calls}, in their order, made {@link #READERS} at a time (one alone in this thread). */
  private static <T> List<T> all(List<Callable<T>> calls) {
    if (calls.size() == 1) {
      try {
        return List.of(calls.get(0).call());
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
    List<Future<T>> pending = calls.stream().map(READS::submit).toList();
    List<T> answers = new ArrayList<>();
    for (Future<T> answer : pending) {
      try {
        answers.add(answer.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reading the run history", e);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
      }
    }
    return answers;
  }

  @Override
  public Optional<StoredRun> get(String trigger, String id) {
    if (!RunIds.isId(id)) {
      return Optional.empty();
    }
    return read(RunIds.key(trigger, id)).map(run -> new StoredRun(id, run));
  }

  private static ExecutorService readers() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(READERS, READERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        runnable -> {
          Thread thread = new Thread(runnable, "run-history-read-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** A record the nightly cleanup removed between the listing and the read is left out. */
  private Optional<RunRecord> read(String key) {
    try {
      return Optional.of(Json.read(s3.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray(),
          RunRecord.class, bucket + "/" + key));
    } catch (NoSuchKeyException gone) {
      return Optional.empty();
    }
  }

  /** One trigger's runs after the cursor, listed a page at a time, no more keys than the page may read. */
  private final class Listing {
    private final String prefix;
    private final int maxKeys;
    private final String startAfter;
    private String continuation;
    private boolean listedAll;
    private Iterator<S3Object> page = List.<S3Object>of().iterator();
    private String headKey;

    Listing(String trigger, String before, int maxKeys) {
      this.prefix = RunIds.prefix(trigger);
      // one key more than the page may read tells whether the history goes on, without another listing
      this.maxKeys = Math.min(LIST_PAGE, maxKeys + 1);
      this.startAfter = before == null ? null : RunIds.startAfter(trigger, before);
    }

    /** Moves to the next run; false when there is none. The first call lists the first page. */
    boolean advance() {
      if (!page.hasNext() && !listedAll) {
        listNextPage();
      }
      headKey = page.hasNext() ? page.next().key() : null;
      return headKey != null;
    }

    private void listNextPage() {
      ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(maxKeys);
      if (continuation != null) {
        request.continuationToken(continuation);
      } else if (startAfter != null) {
        request.startAfter(startAfter);
      }
      var listed = s3.listObjectsV2(request.build());
      page = listed.contents().iterator();
      continuation = listed.nextContinuationToken();
      listedAll = !Boolean.TRUE.equals(listed.isTruncated()) || continuation == null;
    }

    String headKey() {
      return headKey;
    }

    String headId() {
      return RunIds.idOf(prefix, headKey);
    }
  }
}
