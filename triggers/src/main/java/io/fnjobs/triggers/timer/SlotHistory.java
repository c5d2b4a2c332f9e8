package io.fnjobs.triggers.timer;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A timer's last slots, newest first, read from their records ({@code timers/<trigger>/slots/<slot>.json}):
 * run, failed, skipped and why, on demand or scheduled. Slot records are listed oldest first, so it
 * lists from the start of a window that holds the last {@code n} scheduled slots (found by stepping
 * the schedule, a window doubling from a minute up to {@link #MAX_WINDOW}) and keeps the last
 * {@code n}: one listing of at most {@link #MAX_LISTED} keys, and {@code n} reads.
 */
final class SlotHistory {

  static final Duration MAX_WINDOW = Duration.ofDays(400);
  static final int MAX_LISTED = 5000;
  private static final int LIST_PAGE = 1000;

  private final S3Client s3;
  private final String bucket;
  private final ScheduleStore store;

  SlotHistory(S3Client s3, String bucket, ScheduleStore store) {
    this.s3 = s3;
    this.bucket = bucket;
    this.store = store;
  }

  /** The last {@code n} slots of {@code trigger} up to {@code now}, newest first. */
  List<SlotRecord> recent(String trigger, CronSchedule schedule, Instant now, int n) {
    String prefix = ObjectStoreScheduleStore.slotsPrefix(trigger);
    Instant from = windowStart(schedule, now, n);
    Deque<String> last = new ArrayDeque<>();
    String continuation = null;
    int listed = 0;
    do {
      ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).maxKeys(LIST_PAGE);
      request = continuation == null ? request.startAfter(prefix + from) : request.continuationToken(continuation);
      ListObjectsV2Response page = s3.listObjectsV2(request.build());
      for (S3Object object : page.contents()) {
        last.addLast(object.key());
        if (last.size() > n) {
          last.removeFirst();
        }
      }
      listed += page.contents().size();
      continuation = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
    } while (continuation != null && listed < MAX_LISTED);
    List<SlotRecord> newestFirst = new ArrayList<>();
    last.descendingIterator().forEachRemaining(key ->
        slotOf(prefix, key).flatMap(slot -> store.slot(trigger, slot)).ifPresent(read -> newestFirst.add(read.value())));
    return newestFirst;
  }

  /** The start of the shortest doubling window before {@code now} that holds {@code n} scheduled slots. */
  static Instant windowStart(CronSchedule schedule, Instant now, int n) {
    Duration window = Duration.ofMinutes(1);
    while (window.compareTo(MAX_WINDOW) < 0 && slotsBetween(schedule, now.minus(window), now, n) < n) {
      window = window.multipliedBy(2);
    }
    return now.minus(window.compareTo(MAX_WINDOW) < 0 ? window : MAX_WINDOW);
  }

  private static int slotsBetween(CronSchedule schedule, Instant from, Instant to, int atMost) {
    int count = 0;
    Optional<Instant> next = schedule.nextAfter(from);
    while (count < atMost && next.isPresent() && !next.get().isAfter(to)) {
      count++;
      next = schedule.nextAfter(next.get());
    }
    return count;
  }

  private static Optional<Instant> slotOf(String prefix, String key) {
    try {
      return Optional.of(Instant.parse(key.substring(prefix.length(), key.length() - ".json".length())));
    } catch (DateTimeParseException | StringIndexOutOfBoundsException notASlot) {
      return Optional.empty();
    }
  }
}
