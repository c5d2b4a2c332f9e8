package io.fnjobs.triggers.runtime;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.common.json.Json;
import io.fnjobs.triggers.definition.FlagSpec;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FnClient;
import io.fnjobs.triggers.fn.FnUnavailableException;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.fn.InvokeResult;
import io.fnjobs.triggers.metrics.TriggerMetrics;
import io.fnjobs.triggers.tracing.InvocationSpan;
import io.fnjobs.triggers.tracing.InvocationTracer;
import io.fnjobs.triggers.runs.RunLog;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.runs.RunSubject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invokes a trigger's function with one event, through Fn's invoke API, and records the run; and
 * records that the trigger gives an event up ({@link #giveUp}). What an answer means is
 * {@link FnAnswer}'s to say: succeeded, rejected, skipped, deferred (or failed, when the trigger may
 * not defer the event again), failed with its cause, poison, or throttled (Fn busy: the function did
 * not run). It counts the outcomes per trigger, for {@code GET /triggers}.
 *
 * <p>The function gets the event's idempotency key in its own namespace
 * ({@link IdempotencyKeys#forFunction}): two functions given one event keep a record each.
 */
public final class Invoker {

  private static final Logger LOG = LoggerFactory.getLogger(Invoker.class);
  // Fn's own answer may come a little after the function's timeout
  private static final Duration ANSWER_MARGIN = Duration.ofSeconds(5);
  /**
   * How long past a function's timeout a holder still counts as live: the function's hold of its
   * idempotency key (past the trigger layer's wait) and a blob receipt's hold (past the function's
   * timeout) both end this much later, for cold starts, queueing, a late answer or receipt write and
   * clocks that disagree, so that no retry takes over a live call. The one hold margin of fnjobs: a
   * timer's lease derives its shorter one from it ({@code TimerEngine.LEASE_MARGIN}).
   */
  public static final Duration HOLD_MARGIN = Duration.ofSeconds(30);

  private final FnClient fn;
  private final RunLog runs;
  private final FailedFlags failedFlags;
  private final Clock clock;
  private final TriggerMetrics metrics;
  private final InvocationTracer tracer;
  private final Map<String, Map<Outcome, AtomicLong>> outcomes = new ConcurrentHashMap<>();
  private final Set<String> warnedOfFlag = ConcurrentHashMap.newKeySet();

  /** @param flags where {@link #giveUp} flags a given-up event's subject failed: the state bucket's flags */
  public Invoker(FnClient fn, RunLog runs, StatusFlags flags, Clock clock) {
    this(fn, runs, flags, clock, TriggerMetrics.NONE, InvocationTracer.create());
  }

  /**
   * @param metrics counts each invocation and each event given up
   * @param tracer starts each invocation's span
   */
  public Invoker(FnClient fn, RunLog runs, StatusFlags flags, Clock clock, TriggerMetrics metrics,
      InvocationTracer tracer) {
    this.tracer = tracer;
    this.fn = fn;
    this.runs = runs;
    this.failedFlags = new FailedFlags(flags, clock);
    this.clock = clock;
    this.metrics = metrics;
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
    return invoke(trigger, function, event, attempt, deferrable, null);
  }

  /**
   * Invokes as {@link #invoke(TriggerDefinition, FunctionRef, TriggerEvent, int, boolean)} does, in the
   * trace of {@code traceparent}, the W3C trace context the event came with (null: a trace of its own).
   * The invoke request carries the invocation span's {@code traceparent}; the run record its trace id.
   */
  public RunRecord invoke(TriggerDefinition trigger, FunctionRef function, TriggerEvent event, int attempt,
      boolean deferrable, String traceparent) {
    Instant started = clock.instant();
    TriggerEvent sent = event.forAttempt(attempt, started.plus(hold(function)))
        .withIdempotencyKey(IdempotencyKeys.forFunction(function.app(), function.function(), event.idempotencyKey()));
    InvocationSpan span = tracer.start(function, sent, trigger.source().traceAttributes(sent), traceparent);
    FnAnswer answer;
    int status = 0;
    String callId = "";
    try {
      InvokeResult result = fn.invoke(function, Json.write(sent), "application/json",
          function.timeout().plus(ANSWER_MARGIN), Map.of(InvocationTracer.TRACEPARENT, span.traceparent()));
      status = result.status();
      callId = result.callId();
      answer = FnAnswer.of(result, deferrable);
    } catch (FnUnavailableException e) {
      answer = FnAnswer.unreachable(e.getMessage());
    }
    Instant ended = clock.instant();
    RunRecord run = RunRecord.builder().trigger(trigger.name()).function(trigger.function())
        .event(sent.eventId(), sent.idempotencyKey()).attempt(sent.attempt()).between(started.toString(), ended.toString())
        .outcome(answer.outcome()).fnCall(status, callId).detail(answer.detail()).retryAfter(answer.retryAfter())
        .error(answer.error()).traceId(span.traceId()).build().about(subjectOf(trigger, sent, answer));
    span.end(run.outcome(), status, run.detail());
    count(run);
    metrics.invoked(run.trigger(), run.function(), run.outcome(), run.attempt(), status,
        Duration.between(started, ended));
    log(run);
    if (run.outcome() == Outcome.succeeded) {
      checkFlagSpec(trigger, sent, answer);
    }
    runs.record(run);
    return run;
  }

  /**
   * The unit of work the run was about: as the function's reply names it, else as the trigger's
   * declared flag derives it from the event, else as the event alone tells.
   */
  private static RunSubject subjectOf(TriggerDefinition trigger, TriggerEvent event, FnAnswer answer) {
    String told = trigger.source().subjectOf(event);
    if (answer.job() != null) {
      return new RunSubject(answer.job(), answer.subject() != null ? answer.subject() : told);
    }
    Optional<String> declared = trigger.flagSubjectOf(event).map(FlagSpec.Subject::subject);
    if (declared.isPresent()) {
      return new RunSubject(trigger.flag().job(), declared.get());
    }
    return new RunSubject(null, told);
  }

  /**
   * Warns, once per trigger, when the function's reply names another job or subject than the flag the
   * definition declares: the trigger layer would flag a given-up event where the caller does not look.
   */
  private void checkFlagSpec(TriggerDefinition trigger, TriggerEvent event, FnAnswer answer) {
    if (trigger.flag() == null || answer.job() == null || warnedOfFlag.contains(trigger.name())) {
      return;
    }
    String declared = trigger.flagSubjectOf(event).map(FlagSpec.Subject::subject).orElse(answer.subject());
    if (!trigger.flag().job().equals(answer.job()) || !Objects.equals(declared, answer.subject())) {
      warnedOfFlag.add(trigger.name());
      LOG.warn("trigger={} function={} event={} the function flags {}/{}, but {} declares flag.job {} and subject {}:"
          + " fix 'flag' there, or a given-up event is flagged where no caller looks", trigger.name(),
          trigger.function(), event.eventId(), answer.job(), answer.subject(), trigger.file(), trigger.flag().job(),
          declared);
    }
  }

  /**
   * Records that the trigger gives {@code event} up after attempt {@code attempt}: it dead-letters it, or
   * ends a timer's slot failed. The subject's status flag says {@code failed} with {@code why}, where
   * the definition declares a flag and the flag is not terminal yet ({@link FailedFlags}). Never throws:
   * the dead letter is what must not be lost; a flag that cannot be written is logged.
   */
  public void giveUp(TriggerDefinition trigger, TriggerEvent event, int attempt, FlagError why) {
    metrics.deadLettered(trigger.name(), trigger.function());
    try {
      FailedFlags.Result result = failedFlags.write(trigger, event, attempt, why);
      if (result == FailedFlags.Result.written) {
        LOG.info("trigger={} function={} event={} attempt={} given up: its flag says failed ({}: {})", trigger.name(),
            trigger.function(), event.eventId(), attempt, why.code(), why.message());
      } else {
        LOG.debug("trigger={} function={} event={} attempt={} given up, its flag left as it is: {}", trigger.name(),
            trigger.function(), event.eventId(), attempt, result);
      }
    } catch (RuntimeException e) {
      LOG.warn("trigger={} function={} event={} attempt={} given up, but its failed flag cannot be written: {}",
          trigger.name(), trigger.function(), event.eventId(), attempt, e.toString());
    }
  }

  /** What the trigger layer counts: the listeners and deliveries that hold this invoker count through it too. */
  public TriggerMetrics metrics() {
    return metrics;
  }

  /** How many runs of {@code trigger} ended which way since this instance started, every outcome named. */
  public Map<String, Long> outcomes(String trigger) {
    Map<Outcome, AtomicLong> counted = outcomes.getOrDefault(trigger, Map.of());
    Map<String, Long> snapshot = new LinkedHashMap<>();
    for (Outcome outcome : Outcome.values()) {
      AtomicLong count = counted.get(outcome);
      snapshot.put(outcome.name(), count == null ? 0 : count.get());
    }
    return snapshot;
  }

  private void count(RunRecord run) {
    Map<Outcome, AtomicLong> counted = outcomes.computeIfAbsent(run.trigger(), name -> {
      Map<Outcome, AtomicLong> counters = new EnumMap<>(Outcome.class);
      for (Outcome outcome : Outcome.values()) {
        counters.put(outcome, new AtomicLong());
      }
      return counters;
    });
    counted.get(run.outcome()).incrementAndGet();
  }

  private static void log(RunRecord run) {
    switch (run.outcome()) {
      case failed, poison -> LOG.warn("trigger={} function={} event={} attempt={} {}: Fn status {} call {} trace {}: {}",
          run.trigger(), run.function(), run.eventId(), run.attempt(), run.outcome(), run.fnStatus(), run.fnCallId(),
          run.traceId(), run.detail());
      case deferred -> LOG.info("trigger={} function={} event={} attempt={} deferred, retry after {} (call {}): {}",
          run.trigger(), run.function(), run.eventId(), run.attempt(), run.retryAfter(), run.fnCallId(), run.detail());
      case throttled -> LOG.info("trigger={} function={} event={} attempt={} throttled, no attempt spent: {}",
          run.trigger(), run.function(), run.eventId(), run.attempt(), run.detail());
      default -> LOG.info("trigger={} function={} event={} attempt={} {} (call {} trace {})", run.trigger(),
          run.function(), run.eventId(), run.attempt(), run.outcome(), run.fnCallId(), run.traceId());
    }
  }
}
