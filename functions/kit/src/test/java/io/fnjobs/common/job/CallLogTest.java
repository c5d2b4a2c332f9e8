package io.fnjobs.common.job;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fnproject.fn.api.Headers;
import com.fnproject.fn.runtime.ReadOnceInputEvent;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The call's line in the function's log: Fn's call id beside the trace id of the trigger layer's span. */
class CallLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger(CallLog.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void listen() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(lines);
  }

  @Test
  void tryInvoke_shouldLogTheCallIdBesideTheTraceId_andLetTheFunctionRun() {
    Headers headers = Headers.emptyHeaders()
        .setHeader("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    assertThat(new CallLog("order-processor").tryInvoke(null, event(headers))).isEmpty();

    assertThat(lines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
        .isEqualTo("function=order-processor call=01CALL trace=4bf92f3577b34da6a3ce929d0e0e4736");
  }

  @Test
  void tryInvoke_shouldSayNone_whenTheCallCameWithoutATraceparent() {
    new CallLog("thumbnail").tryInvoke(null, event(Headers.emptyHeaders()));

    assertThat(lines.list).singleElement().extracting(ILoggingEvent::getFormattedMessage)
        .isEqualTo("function=thumbnail call=01CALL trace=none");
  }

  @Test
  void traceId_shouldRefuseAMalformedOrAllZeroTraceparent() {
    assertThat(CallLog.traceId("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03"))
        .hasValue("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(CallLog.traceId("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")).isEmpty();
    assertThat(CallLog.traceId("00-4bf92f35-00f067aa0ba902b7-01")).isEmpty();
    assertThat(CallLog.traceId(null)).isEmpty();
  }

  private static ReadOnceInputEvent event(Headers headers) {
    return new ReadOnceInputEvent(new ByteArrayInputStream(new byte[0]), headers, "01CALL",
        Instant.parse("2026-03-01T12:00:00Z"));
  }
}
