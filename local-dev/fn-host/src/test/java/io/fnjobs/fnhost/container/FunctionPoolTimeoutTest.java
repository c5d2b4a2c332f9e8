package io.fnjobs.fnhost.container;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fnjobs.fnhost.FnHost;
import io.fnjobs.fnhost.FnHostOptions;
import io.fnjobs.fnhost.FunctionsFolder;
import io.fnjobs.fnhost.fixtures.Gates;
import io.fnjobs.fnhost.fixtures.Gates.Gate;
import io.fnjobs.fnhost.fixtures.GatedFunction;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The cold start limit and the function's timeout, over loopback, on a clock the test moves: the
 * function waits at {@link Gates} for as long as the test wants, and ignores interrupts there.
 */
class FunctionPoolTimeoutTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final String STUCK = "stuck-call";

  @TempDir Path dir;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger poolLog = (Logger) LoggerFactory.getLogger(FunctionPool.class);
  private final List<Gate> gates = new ArrayList<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    poolLog.addAppender(logs);
  }

  @AfterEach
  void openEveryGate() {
    poolLog.detachAppender(logs);
    gates.forEach(gate -> {
      gate.open();
      gate.takeDown();
    });
  }

  @Test
  void invoke_shouldGiveTheRunItsWholeTimeout_whenTheColdStartTookLongerThanTheTimeout() throws Exception {
    Gate init = gate(GatedFunction.INIT);
    try (FnHost host = start(FnHostOptions.builder())) {
      CompletableFuture<HttpResponse<String>> call = post(host, "");
      assertThat(init.awaitArrival(PATIENCE)).isTrue();

      // the class's initialiser has now taken 3 s, three times the function's timeout
      clock.advance(Duration.ofSeconds(3));
      Instant ready = clock.instant();
      init.open();
      HttpResponse<String> response = call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(Instant.parse(response.body())).as("the deadline the function got").isEqualTo(ready.plusSeconds(1));
    }
  }

  @Test
  void invoke_shouldAnswer504ContainerInitTimedOut_andStartTheNextContainerInAFreshClassLoader_whenTheColdStartOutlastsItsLimit()
      throws Exception {
    Gate init = gate(GatedFunction.INIT);
    try (FnHost host = start(FnHostOptions.builder().coldStartTimeout(Duration.ofSeconds(5)))) {
      CompletableFuture<HttpResponse<String>> first = post(host, "");
      assertThat(init.awaitArrival(PATIENCE)).isTrue();

      clock.advance(Duration.ofSeconds(6));
      HttpResponse<String> timedOut = first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

      assertThat(timedOut.statusCode()).isEqualTo(504);
      assertThat(JSON.readTree(timedOut.body()).path("message").asText())
          .isEqualTo("Container initialization timed out, please ensure you are using the latest fdk and check the logs");
      assertThat(thread("fn-container-gated-1")).as("still in the class's initialiser").isPresent();

      // the stuck initialiser holds its class in the first class loader; the next container has its own
      init.takeDown();
      HttpResponse<String> next = post(host, "").get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(next.statusCode()).isEqualTo(200);

      Thread stuck = thread("fn-container-gated-1").orElseThrow();
      openAndJoin(init, stuck);
      assertThat(stuck.isAlive()).isFalse();
      assertThat(messages()).anySatisfy(line -> assertThat(line).contains("fn=gated", "cold start limit of 5000 ms",
          "discarded", "fresh class loader"));
      assertEndReported("gated-1");
    }
  }

  @Test
  void invoke_shouldCountTheColdStartLimitFromTheContainersStart_whenTheCallerLooksAtTheClockOnlyAfterTheClockMoved()
      throws Exception {
    Gate init = gate(GatedFunction.INIT);
    LateCallerClock lateCaller = new LateCallerClock(clock, Thread.currentThread());
    FunctionsFolder.create(dir, "timeouts", Map.of()).function("gated", GatedFunction.class, 1, Map.of());
    try (FnHost host = FnHost.start(FnHostOptions.builder().coldStartTimeout(Duration.ofSeconds(5)).port(0)
        .functionsDir(dir).build(), lateCaller)) {
      CompletableFuture<HttpResponse<String>> first = post(host, "");
      assertThat(init.awaitArrival(PATIENCE)).isTrue();

      lateCaller.advance(Duration.ofSeconds(6));
      HttpResponse<String> timedOut = first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

      assertThat(timedOut.statusCode()).isEqualTo(504);
      init.takeDown();
      openAndJoin(init, thread("fn-container-gated-1").orElseThrow());
    }
  }

  /**
   * The test's clock, except that once a container's thread runs, every other thread but the test's
   * waits in {@link #instant()} until the test has moved the clock: the caller of the cold start then
   * looks at the clock only after its container's initialiser began and the clock moved, the order a
   * loaded machine can give. A pool that counts the limit from that look waits past the test's patience.
   */
  private static final class LateCallerClock extends Clock {
    private final ManualClock clock;
    private final Thread test;
    private final CountDownLatch moved = new CountDownLatch(1);

    LateCallerClock(ManualClock clock, Thread test) {
      this.clock = clock;
      this.test = test;
    }

    void advance(Duration by) {
      clock.advance(by);
      moved.countDown();
    }

    @Override
    public Instant instant() {
      Thread current = Thread.currentThread();
      if (moved.getCount() > 0 && current != test && !current.getName().startsWith("fn-container-")
          && thread("fn-container-gated-1").isPresent()) {
        try {
          moved.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          current.interrupt();
        }
      }
      return clock.instant();
    }

    @Override
    public ZoneId getZone() {
      return clock.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the test's clock stays in UTC");
    }
  }

  @Test
  void invoke_shouldFreeTheSlotForANewContainer_whenATimedOutCallIgnoresItsInterrupt() throws Exception {
    Gate call = gate(STUCK);
    try (FnHost host = start(FnHostOptions.builder().containersPerFunction(1))) {
      CompletableFuture<HttpResponse<String>> stuckCall = post(host, STUCK);
      assertThat(call.awaitArrival(PATIENCE)).isTrue();

      clock.advance(Duration.ofSeconds(2));
      HttpResponse<String> timedOut = stuckCall.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

      assertThat(timedOut.statusCode()).isEqualTo(504);
      assertThat(JSON.readTree(timedOut.body()).path("message").asText()).isEqualTo("Timed out");
      Thread stuck = thread("fn-container-gated-1").orElseThrow();
      assertThat(stuck.isAlive()).as("the function ignored the interrupt").isTrue();

      // one container per function: the slot is free although the stuck thread runs on
      HttpResponse<String> next = post(host, "").get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertThat(next.statusCode()).isEqualTo(200);
      assertThat(thread("fn-container-gated-2")).isPresent();

      openAndJoin(call, stuck);
      assertThat(stuck.isAlive()).isFalse();
      assertEndReported("gated-1");
    }
  }

  private FnHost start(FnHostOptions.Builder options) {
    FunctionsFolder.create(dir, "timeouts", Map.of()).function("gated", GatedFunction.class, 1, Map.of());
    return FnHost.start(options.port(0).functionsDir(dir).build(), clock);
  }

  private CompletableFuture<HttpResponse<String>> post(FnHost host, String body) {
    return http.sendAsync(
        HttpRequest.newBuilder(host.invokeUri("gated")).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private Gate gate(String name) {
    Gate gate = Gates.close(name);
    gates.add(gate);
    return gate;
  }

  /** Lets the stuck function go on, and waits for its thread to end. */
  private static void openAndJoin(Gate gate, Thread stuck) throws InterruptedException {
    gate.open();
    stuck.join(PATIENCE.toMillis());
  }

  private static Optional<Thread> thread(String name) {
    return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().equals(name)).findFirst();
  }

  private List<String> messages() {
    return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  /** The pool logs it on the container's thread as that thread ends, so it is there once the thread is gone. */
  private void assertEndReported(String container) {
    assertThat(messages())
        .anySatisfy(line -> assertThat(line).contains("fn=gated", "the thread of timed-out container " + container + " ended"));
  }
}
