package io.fnjobs.triggers.runs;

import io.fnjobs.common.MutableClock;
import io.fnjobs.common.StoreFixture;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Run records on the real embedded store, for the tests of what reads them: the state bucket, a clock
 * the test moves, trigger names no other test has used (so each test sees only its own runs), and runs.
 * A test class registers it as a static {@code @RegisterExtension}: the store starts before its tests
 * and stops after them.
 */
final class RunLogFixture implements BeforeAllCallback, AfterAllCallback {

  static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final AtomicInteger TRIGGERS = new AtomicInteger();

  private Path dataDir;
  private StoreFixture store;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    dataDir = Files.createTempDirectory("run-log-test");
    store = new StoreFixture(dataDir);
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    store.close();
    try (Stream<Path> files = Files.walk(dataDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(RunLogFixture::delete);
    }
  }

  private static void delete(Path file) {
    try {
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
}
