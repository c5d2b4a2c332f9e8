package io.fnjobs.triggers.runs;

import io.fnjobs.common.MutableClock;
import io.fnjobs.common.StoreFixture;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Run records on the real embedded store, for the tests of what reads them: the state bucket, a clock
 * the test moves, trigger names no other test has used (so each test sees only its own runs), and runs.
 */
final class RunLogFixture implements AutoCloseable {

  static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final AtomicInteger TRIGGERS = new AtomicInteger();

  private final StoreFixture store;

  RunLogFixture(Path dataDir) {
    this.store = new StoreFixture(dataDir);
  }

  S3Client s3() {
    return store.s3();
  }

  String bucket() {
    return StoreFixture.BUCKET;
  }

  ObjectStoreRunLog log(Clock clock) {
    return new ObjectStoreRunLog(store.s3(), bucket(), clock);
  }

  static MutableClock clock() {
    return new MutableClock(START);
  }

  /** A trigger named {@code prefix} and a number no other test got. */
  static String freshTrigger(String prefix) {
    return prefix + TRIGGERS.incrementAndGet();
  }

  /** A run of {@code trigger} that started and ended at {@code at}, answered by Fn with 200. */
  static RunRecord run(String trigger, String eventId, String at, Outcome outcome) {
    return RunRecord.builder().trigger(trigger).function("fn").event(eventId, "key:" + eventId).attempt(1)
        .between(at, at).outcome(outcome).fnCall(200, "call").detail("").build();
  }

  @Override
  public void close() {
    store.close();
  }
}
