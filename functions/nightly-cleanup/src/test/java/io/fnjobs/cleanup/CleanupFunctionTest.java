package io.fnjobs.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.JobReply;
import io.fnjobs.fntesting.FnTesting;
import io.fnjobs.fntesting.FnTestingExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(FnTestingExtension.class)
class CleanupFunctionTest {

  private static final String SLOT = "2026-03-14T02:00:00Z";

  @Test
  void handleRequest_shouldReplyAcceptedForTheSlot_whenTheTimerFires(FnTesting fn) {
    fn.givenEvent().withBodyFromResource("events/timer-tick.json").enqueue();

    fn.thenRun(CleanupFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(200);
    assertThat(fn.getOnlyResult().bodyAs(JobReply.class))
        .isEqualTo(new JobReply("nightly-cleanup", SLOT, "nightly-cleanup#" + SLOT, "accepted", "upload retention 30 days"));
  }

  @Test
  void handleRequest_shouldUseTheConfiguredRetention_whenRetentionDaysIsSet(FnTesting fn) {
    fn.setConfig("CLEANUP_UPLOAD_RETENTION_DAYS", "7");
    fn.givenEvent().withBodyFromResource("events/timer-tick.json").enqueue();

    fn.thenRun(CleanupFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().bodyAs(JobReply.class).detail()).isEqualTo("upload retention 7 days");
  }

  @Test
  void handleRequest_shouldFailNamingTheExpectedKind_whenTheEventIsNotATimerTick(FnTesting fn) {
    fn.givenEvent().withBodyFromResource("events/queue-message.json").enqueue();

    fn.thenRun(CleanupFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("function nightly-cleanup handles timer events", "sent a queue event");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-3", "thirty"})
  void handleRequest_shouldFailNamingTheKey_whenRetentionDaysIsInvalid(String days, FnTesting fn) {
    fn.setConfig("CLEANUP_UPLOAD_RETENTION_DAYS", days);
    fn.givenEvent().withBodyFromResource("events/timer-tick.json").enqueue();

    fn.thenRun(CleanupFunction.class, "handleRequest");

    assertThat(fn.getOnlyResult().status()).isEqualTo(502);
    assertThat(fn.getStdErrAsString()).contains("setting CLEANUP_UPLOAD_RETENTION_DAYS has the value '" + days + "'");
  }
}
