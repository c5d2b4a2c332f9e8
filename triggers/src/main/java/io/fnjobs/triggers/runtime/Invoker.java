package io.fnjobs.triggers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.json.Json;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FnClient;
import io.fnjobs.triggers.fn.FnUnavailableException;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.fn.InvokeResult;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.runs.RunSubject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invokes a trigger's function with one event, through Fn's invoke API, and records the run. It
 * classifies the answer: 200 with a reply whose state is {@code rejected} is a permanent refusal;
 * 200 with a reply whose state is {@code deferred} (another invocation of the event holds its key) a
 * deferral, to be tried again after the reply's {@code retryAfter}, unless the trigger may not defer
 * the event again, in which case it is a failure; 200 with a reply whose state is {@code skipped} a
 * stale event the function did nothing for; any other 200 a success; 502, 503, 504 and an
 * unreachable Fn a failure worth retrying.
 */
public final class Invoker {

  private static final Logger LOG = LoggerFactory.getLogger(Invoker.class);
  // Fn's own answer may come a little after the function's timeout
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);
  // the function holds the idempotency key until the deadline: longer than the trigger layer waits,
  // by a margin for cold starts, queueing and clocks that disagree, so no retry takes over a live call
  private static final Duration HOLD_MARGIN = Duration.ofSeconds(30);

  private final FnClient fn;
  private final RunLog runs;
  private final Clock clock;

  public Invoker(FnClient fn, RunLog runs, Clock clock) {
    this.fn = fn;
    this.runs = runs;
    this.clock = clock;
  }

  /**
   * How long an invocation of {@code function} by the trigger layer may hold its idempotency key: from
   * its start to the deadline it is sent with. No invocation the trigger layer made holds a key longer.
   */
  public static Duration hold(FunctionRef function) {
    return function.timeout().plus(ANSWER_MARGIN).plus(HOLD_MARGIN);
  }

  /**
   * Invokes attempt {@code attempt} of {@code event}; never throws for a failed invocation.
   *
   * @param deferrable whether the trigger may defer the event once more (see {@link DeferralPolicy}):
   *     when not, a deferred reply is recorded, and answered, as a failed attempt
   */
  public RunRecord invoke(TriggerDefinition trigger, FunctionRef function, TriggerEvent event, int attempt,
      boolean deferrable) {
    Instant started = clock.instant();
    TriggerEvent sent = event.forAttempt(attempt, started.plus(hold(function)));
    RunRecord run;
    try {
      InvokeResult result = fn.invoke(function, Json.write(sent), "application/json", function.timeout().plus(ANSWER_MARGIN));
      run = record(trigger, sent, started, result, deferrable);
    } catch (FnUnavailableException e) {
      run = record(trigger, sent, started, Outcome.failed, 0, "", e.getMessage(), null);
    }
    log(run);
    runs.record(run);
    return run;
  }

  private RunRecord record(TriggerDefinition trigger, TriggerEvent event, Instant started, InvokeResult result,
      boolean deferrable) {
    Outcome outcome = classify(result);
    String detail = detail(result);
    String retryAfter = null;
    if (outcome == Outcome.deferred) {
      retryAfter = replyField(result, "retryAfter");
      if (!deferrable) {
        // the event's deferrals are used up: a key held this long is treated as the failure it may be
        outcome = Outcome.failed;
        detail = "deferred past the trigger's delivery.maxDeferrals, counted as a failed attempt: " + detail;
      }
    }
    return record(trigger, event, started, outcome, result.status(), result.callId(), detail, retryAfter)
        .about(RunSubject.of(event, result.body()));
  }

  private RunRecord record(TriggerDefinition trigger, TriggerEvent event, Instant started, Outcome outcome,
      int status, String callId, String detail, String retryAfter) {
    return new RunRecord(trigger.name(), trigger.function(), event.eventId(), event.idempotencyKey(), event.attempt(),
        started.toString(), clock.instant().toString(), outcome, status, callId, detail,
        retryAfter == null || retryAfter.isEmpty() ? null : retryAfter).about(RunSubject.of(event));
  }

  private static Outcome classify(InvokeResult result) {
    if (refusedForGood(result.status())) {
      return Outcome.rejected;
    }
    if (!result.succeeded()) {
      return Outcome.failed;
    }
    return switch (replyField(result, "state")) {
      case "rejected" -> Outcome.rejected;
      case JobReply.DEFERRED -> Outcome.deferred;
      case JobReply.SKIPPED -> Outcome.skipped;
      default -> Outcome.succeeded;
    };
  }

  /**
   * Fn refused the request itself (too large, malformed): sending it again cannot help. Not 404 (the
   * function may be redeployed), 408 or 429 (load), which are worth another attempt.
   */
  private static boolean refusedForGood(int status) {
    return status >= 400 && status < 500 && status != 404 && status != 408 && status != 429;
  }

  private static String replyField(InvokeResult result, String field) {
    try {
      return Json.MAPPER.readTree(result.body()).path(field).asText("");
    } catch (IOException notJson) {
      return "";
    }
  }

  private static String detail(InvokeResult result) {
    String body = result.bodyText();
    if (result.succeeded()) {
      try {
        JsonNode reply = Json.MAPPER.readTree(body);
        return reply.path("detail").asText(reply.path("state").asText(""));
      } catch (IOException notJson) {
        return "";
      }
    }
    return body.length() > 500 ? body.substring(0, 500) : body;
  }

  private static void log(RunRecord run) {
    if (run.outcome() == Outcome.failed) {
      LOG.warn("trigger={} function={} event={} attempt={} failed: Fn status {} call {}: {}", run.trigger(),
          run.function(), run.eventId(), run.attempt(), run.fnStatus(), run.fnCallId(), run.detail());
    } else if (run.outcome() == Outcome.deferred) {
      LOG.info("trigger={} function={} event={} attempt={} deferred, retry after {} (call {}): {}", run.trigger(),
          run.function(), run.eventId(), run.attempt(), run.retryAfter(), run.fnCallId(), run.detail());
    } else {
      LOG.info("trigger={} function={} event={} attempt={} {} (call {})", run.trigger(), run.function(),
          run.eventId(), run.attempt(), run.outcome(), run.fnCallId());
    }
  }
}
