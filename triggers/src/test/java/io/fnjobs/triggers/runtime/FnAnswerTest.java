package io.fnjobs.triggers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.json.Json;
import io.fnjobs.triggers.fn.InvokeResult;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FnAnswerTest {

  @Test
  void of_shouldTakeOutcomeCauseAndSubjectFromTheJobReply_whenTheFunctionWroteOne() {
    FnAnswer rejected = FnAnswer.of(ok(Json.write(new JobReply("orders", "A-1", "k", JobReply.REJECTED, "bad sku",
        null, null, new FlagError("invalid-order", "no such sku")))), true);
    FnAnswer poison = FnAnswer.of(ok(Json.write(JobReply.poison("thumbnail", "images/a.jpg", "k",
        new FlagError("corrupt-image", "not an image")))), true);
    FnAnswer deferred = FnAnswer.of(ok(Json.write(JobReply.deferred("cleanup", "s", "k", Duration.ofSeconds(42), "held"))),
        true);

    assertThat(rejected).isEqualTo(new FnAnswer(Outcome.rejected, "bad sku", null,
        new FlagError("invalid-order", "no such sku"), "orders", "A-1"));
    assertThat(poison.outcome()).isEqualTo(Outcome.poison);
    assertThat(poison.error()).isEqualTo(new FlagError("corrupt-image", "not an image"));
    assertThat(deferred).isEqualTo(new FnAnswer(Outcome.deferred, "held", "PT42S", null, "cleanup", "s"));
  }

  @Test
  void of_shouldSucceedWithTheStateAsDetail_whenTheReplyHasNoDetailOrIsNoJsonObject() {
    assertThat(FnAnswer.of(ok("{\"state\":\"succeeded\",\"job\":\"thumbnail\"}"), true))
        .isEqualTo(new FnAnswer(Outcome.succeeded, "succeeded", null, null, "thumbnail", null));
    assertThat(FnAnswer.of(ok("plain text"), true)).isEqualTo(new FnAnswer(Outcome.succeeded, "", null, null, null, null));
    assertThat(FnAnswer.of(ok("[1,2]"), true).outcome()).isEqualTo(Outcome.succeeded);
  }

  @Test
  void of_shouldFailNamingTheField_whenTheReplyIsAJsonObjectWithAFieldOfTheWrongType() {
    FnAnswer answer = FnAnswer.of(ok("{\"state\":\"failed\",\"error\":\"boom\"}"), true);

    assertThat(answer.outcome()).isEqualTo(Outcome.failed);
    assertThat(answer.error().code()).isEqualTo(CauseCodes.INVALID_REPLY);
    assertThat(answer.error().message()).contains("field 'error' has the wrong type").doesNotContain("io.fnjobs");
  }

  @Test
  void replyStates_shouldBeTheFlagStatesOfTheSameName() {
    assertThat(JobReply.REJECTED).isEqualTo(FlagState.rejected.name());
    assertThat(JobReply.FAILED).isEqualTo(FlagState.failed.name());
    assertThat(JobReply.SUCCEEDED).isEqualTo(FlagState.succeeded.name());
  }

  private static InvokeResult ok(byte[] body) {
    return new InvokeResult(200, "call-1", body, "application/json");
  }

  private static InvokeResult ok(String body) {
    return ok(body.getBytes(StandardCharsets.UTF_8));
  }
}
