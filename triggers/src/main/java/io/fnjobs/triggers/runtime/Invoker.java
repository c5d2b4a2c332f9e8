package io.fnjobs.triggers.runtime;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invokes a trigger's function with one event, through Fn's invoke API, and records the run. It
 * classifies the answer: 200 with a reply whose state is {@code rejected} is a permanent refusal;
 * any other 200 a success; 502, 503, 504 and an unreachable Fn a failure worth retrying.
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

  /** Invokes attempt {@code attempt} of {@code event}; never throws for a failed invocation. */
  public RunRecord invoke(TriggerDefinition trigger, FunctionRef function, TriggerEvent event, int attempt) {
    Instant started = clock.instant();
    Instant deadline = started.plus(function.timeout()).plus(ANSWER_MARGIN).plus(HOLD_MARGIN);
    TriggerEvent sent = event.forAttempt(attempt, deadline);
    RunRecord run;
    try {
      InvokeResult result = fn.invoke(function, Json.write(sent), "application/json", function.timeout().plus(ANSWER_MARGIN));
      run = record(trigger, sent, started, classify(result), result.status(), result.callId(), detail(result));
    } catch (FnUnavailableException e) {
      run = record(trigger, sent, started, Outcome.failed, 0, "", e.getMessage());
    }
    log(run);
    runs.record(run);
    return run;
  }

  private RunRecord record(TriggerDefinition trigger, TriggerEvent event, Instant started, Outcome outcome,
      int status, String callId, String detail) {
    return new RunRecord(trigger.name(), trigger.function(), event.eventId(), event.idempotencyKey(), event.attempt(),
        started.toString(), clock.instant().toString(), outcome, status, callId, detail);
  }

  private static Outcome classify(InvokeResult result) {
    if (refusedForGood(result.status())) {
      return Outcome.rejected;
    }
    if (!result.succeeded()) {
      return Outcome.failed;
    }
    return "rejected".equals(replyState(result)) ? Outcome.rejected : Outcome.succeeded;
  }

  /**
   * Fn refused the request itself (too large, malformed): sending it again cannot help. Not 404 (the
   * function may be redeployed), 408 or 429 (load), which are worth another attempt.
   */
  private static boolean refusedForGood(int status) {
    return status >= 400 && status < 500 && status != 404 && status != 408 && status != 429;
  }

  private static String replyState(InvokeResult result) {
    try {
      return Json.MAPPER.readTree(result.body()).path("state").asText("");
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
    } else {
      LOG.info("trigger={} function={} event={} attempt={} {} (call {})", run.trigger(), run.function(),
          run.eventId(), run.attempt(), run.outcome(), run.fnCallId());
    }
  }
}
