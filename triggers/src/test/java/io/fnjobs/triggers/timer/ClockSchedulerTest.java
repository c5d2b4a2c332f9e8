package io.fnjobs.triggers.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The production scheduler on the wall clock: what is tested is its own waiting, so these tests wait
 * (for tasks due within a few hundred milliseconds), on a latch rather than a sleep.
 */
class ClockSchedulerTest {

  private static final int TASKS = 12;

  private final Clock clock = Clock.systemUTC();
  private final ClockScheduler scheduler = new ClockScheduler(clock, "clock-scheduler-test");

  @AfterEach
  void close() {
    scheduler.close(Duration.ZERO);
  }

  @Test
  void at_shouldNeverRunATaskBeforeItsTime_whenTheTimeFallsBetweenTwoMilliseconds() throws InterruptedException {
    List<String> early = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch ran = new CountDownLatch(TASKS);
    for (int i = 0; i < TASKS; i++) {
      // 0.9 ms past a whole millisecond from now: a wait cut to whole milliseconds ends before it
      Instant at = clock.instant().plusMillis(20 + 15L * i).plusNanos(900_000);
      scheduler.at(at, () -> {
        Instant now = clock.instant();
        if (now.isBefore(at)) {
          early.add(Duration.between(now, at).toNanos() + " ns before " + at);
        }
        ran.countDown();
      });
    }

    assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(early).as("tasks run before their time").isEmpty();
  }

  @Test
  void pauseUntil_shouldNeverEndBeforeItsTime_whenTheTimeFallsBetweenTwoMilliseconds() throws InterruptedException {
    List<String> early = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch done = new CountDownLatch(1);
    scheduler.at(clock.instant(), () -> {
      for (int i = 0; i < TASKS; i++) {
        Instant until = clock.instant().plusMillis(10).plusNanos(900_000);
        scheduler.pauseUntil(until);
        Instant now = clock.instant();
        if (now.isBefore(until)) {
          early.add(Duration.between(now, until).toNanos() + " ns before " + until);
        }
      }
      done.countDown();
    });

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(early).as("pauses ended before their time").isEmpty();
  }
}
