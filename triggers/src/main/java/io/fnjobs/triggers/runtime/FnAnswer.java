package io.fnjobs.triggers.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.failure.Failures;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.json.Json;
import io.fnjobs.triggers.fn.InvokeResult;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an invocation's answer means for the trigger: its outcome, a line of detail, the retry-after
 * of a deferral, for a failure (or a poison, or a rejection) its cause, as code and message, and the
 * job and subject the function's reply names, if it names them. The reply is read as the
 * {@link JobReply} the function wrote; a JSON object that is none (a field of the wrong type) is a
 * failure, {@code invalid-reply}.
 *
 * <ul>
 *   <li>200 with a reply ({@link JobReply}): its {@code state} decides; {@code failed} and
 *       {@code poison} carry the function's own {@code error}.
 *   <li>503 (Fn's containers all busy) and 429: {@code throttled}, the function did not run.
 *   <li>Another 4xx but 404 and 408: Fn refused the request itself: {@code rejected}.
 *   <li>502, 504 and the rest: {@code failed}. Fn says no more than {@code {"message":"function failed"}}
 *       or {@code "Timed out"}; a body with anything better (a function host that passes the function's
 *       error on) is used, else the cause names what the trigger layer saw.
 * </ul>
 */
record FnAnswer(Outcome outcome, String detail, String retryAfter, FlagError error, String job, String subject) {

  // what Fn (and the embedded host) answer a failed call with: they tell nothing of its cause
  private static final Set<String> FN_WORDS = Set.of("function failed", "error receiving function response",
      "invalid function response", "timed out", "timed out - server too busy");
  private static final int FN_BUSY = 503;
  private static final int TOO_MANY_REQUESTS = 429;
  private static final int FUNCTION_FAILED = 502;
  private static final int TIMEOUT = 504;
  private static final JobReply NO_REPLY = new JobReply(null, null, null, null, null);

  static FnAnswer unreachable(String why) {
    return failed(Failures.of(CauseCodes.FN_UNREACHABLE, why));
  }

  static FnAnswer of(InvokeResult result, boolean deferrable) {
    if (result.status() == FN_BUSY || result.status() == TOO_MANY_REQUESTS) {
      return answer(Outcome.throttled, Failures.clean("Fn has no capacity for the call now (" + result.status() + ": "
          + bodyMessage(result).orElse("busy") + ")"), null, null);
    }
    if (!result.succeeded()) {
      FlagError error = errorOf(result);
      return answer(refusedForGood(result.status()) ? Outcome.rejected : Outcome.failed, Failures.text(error),
          null, error);
    }
    JobReply reply;
    try {
      reply = reply(result);
    } catch (JsonProcessingException e) {
      return failed(Failures.of(CauseCodes.INVALID_REPLY, "the function answered 200 with a reply that does not read as"
          + " a JobReply: " + wrongField(e)));
    }
    FnAnswer answer = switch (stateOf(reply)) {
      case JobReply.REJECTED -> answer(Outcome.rejected, detail(reply), null, replyError(reply).orElse(null));
      case JobReply.DEFERRED -> deferred(reply, deferrable);
      case JobReply.SKIPPED -> answer(Outcome.skipped, detail(reply), null, null);
      case JobReply.FAILED -> failed(replyError(reply).orElse(Failures.of(CauseCodes.FUNCTION_ERROR, detail(reply))));
      case JobReply.POISON -> {
        FlagError error = replyError(reply).orElse(Failures.of(CauseCodes.POISON, detail(reply)));
        yield answer(Outcome.poison, Failures.text(error), null, error);
      }
      default -> answer(Outcome.succeeded, detail(reply), null, null);
    };
    return answer.about(reply.job(), reply.subject());
  }

  /**
   * The function's reply; one with no field set when the body is no JSON object (a function may answer
   * anything on success).
   *
   * @throws JsonProcessingException when the body is a JSON object whose fields do not have a reply's types
   */
  private static JobReply reply(InvokeResult result) throws JsonProcessingException {
    JsonNode body = json(result);
    return body.isObject() ? Json.MAPPER.treeToValue(body, JobReply.class) : NO_REPLY;
  }

  private static String wrongField(JsonProcessingException e) {
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      return "field '" + mapping.getPath().stream().map(ref -> ref.getFieldName() == null
          ? String.valueOf(ref.getIndex()) : ref.getFieldName()).collect(Collectors.joining(".")) + "' has the wrong type";
    }
    return Failures.clean(e.getOriginalMessage());
  }

  private static FnAnswer failed(FlagError error) {
    return answer(Outcome.failed, Failures.text(error), null, error);
  }

  private static FnAnswer answer(Outcome outcome, String detail, String retryAfter, FlagError error) {
    return new FnAnswer(outcome, detail, retryAfter, error, null, null);
  }

  private FnAnswer about(String replyJob, String replySubject) {
    return new FnAnswer(outcome, detail, retryAfter, error, replyJob, replySubject);
  }

  private static FnAnswer deferred(JobReply reply, boolean deferrable) {
    String retryAfter = reply.retryAfter() == null || reply.retryAfter().isEmpty() ? null : reply.retryAfter();
    if (deferrable) {
      return answer(Outcome.deferred, detail(reply), retryAfter, null);
    }
    // the event's deferrals are used up: a key held this long is treated as the failure it may be
    FlagError error = Failures.of(CauseCodes.DEFERRED_TOO_OFTEN,
        "deferred past the trigger's delivery.maxDeferrals, counted as a failed attempt: " + detail(reply));
    return answer(Outcome.failed, Failures.text(error), retryAfter, error);
  }

  /**
   * Fn refused the request itself (too large, malformed): sending it again cannot help. Not 404 (the
   * function may be redeployed) nor 408 (load), which are worth another attempt.
   */
  private static boolean refusedForGood(int status) {
    return status >= 400 && status < 500 && status != 404 && status != 408;
  }

  /** The cause of an error status: the body's, if it tells more than Fn's stock words, else the status's. */
  private static FlagError errorOf(InvokeResult result) {
    JsonNode body = json(result);
    if (body.path("error").hasNonNull("code")) {
      return Failures.of(body.path("error").path("code").asText(), body.path("error").path("message").asText(""));
    }
    String said = bodyMessage(result).orElse("");
    boolean tells = !said.isBlank() && !FN_WORDS.contains(said.trim().toLowerCase(Locale.ROOT));
    int status = result.status();
    if (status == TIMEOUT) {
      return Failures.of(CauseCodes.FUNCTION_TIMEOUT, "the function did not answer within its timeout (Fn answered 504"
          + (said.isBlank() ? "" : ": " + said) + ")");
    }
    if (status == FUNCTION_FAILED) {
      return Failures.of(CauseCodes.FUNCTION_ERROR, tells ? said
          : "the function failed without answering why (Fn answered 502: " + (said.isBlank() ? "no body" : said)
              + "); its own error is in its log");
    }
    return Failures.of("fn-status-" + status, said.isBlank() ? "Fn answered " + status : said);
  }

  /** The body's {@code message}, or the body itself when it is not JSON. */
  private static Optional<String> bodyMessage(InvokeResult result) {
    JsonNode body = json(result);
    if (body.isObject()) {
      return body.hasNonNull("message") ? Optional.of(body.path("message").asText())
          : Optional.empty();
    }
    String text = result.bodyText().trim();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  private static Optional<FlagError> replyError(JobReply reply) {
    FlagError error = reply.error();
    if (error == null || error.code() == null) {
      return Optional.empty();
    }
    return Optional.of(Failures.of(error.code(), Objects.requireNonNullElse(error.message(), "")));
  }

  private static String stateOf(JobReply reply) {
    return Objects.requireNonNullElse(reply.state(), "");
  }

  private static String detail(JobReply reply) {
    return Failures.clean(Objects.requireNonNullElse(reply.detail(), stateOf(reply)));
  }

  private static JsonNode json(InvokeResult result) {
    try {
      JsonNode tree = Json.MAPPER.readTree(result.body());
      return tree == null ? MissingNode.getInstance() : tree;
    } catch (IOException notJson) {
      return MissingNode.getInstance();
    }
  }
}
