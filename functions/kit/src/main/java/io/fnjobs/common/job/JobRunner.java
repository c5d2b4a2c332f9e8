package io.fnjobs.common.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.failure.Failures;
import io.fnjobs.common.failure.FlagError;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.idempotency.Idempotent;
import io.fnjobs.common.idempotency.InProgressElsewhereException;
import io.fnjobs.common.idempotency.PayloadMismatchException;
import io.fnjobs.common.json.Json;
import io.fnjobs.common.store.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a function runs one unit of work: once per idempotency key, with its status flag kept.
 *
 * <p>The subject's flag is read first: a flag already settled for the key (with the same payload hash)
 * answers a duplicate on its own, and one with another payload under the key fails here, with nothing
 * written. Otherwise the key is taken (the same checks against the idempotency record); then the work
 * runs, its outcome is stored with the key, and the flag says {@code succeeded}, or {@code rejected}
 * (with the rejection's details as its result) when the work throws {@link RejectedException}. The
 * flag says {@code running} while the work runs once the work has taken longer than
 * {@code runningAfter} (at once when that is zero): work that ends sooner goes straight to its
 * outcome, which saves a write per job. Each write goes over the flag as this run last read or wrote
 * it (its ETag), so a run reads the flag once, unless another writer changed it meanwhile. Any other failure makes the flag {@code failed} for this
 * attempt, with the failure's cause as its error ({@link Failures}), and gives the key up; the reply
 * says {@link JobReply#FAILED} with the same error, so the trigger retries, and a later attempt moves
 * the flag on. A {@link PoisonException} does the same, but the reply says {@link JobReply#POISON}:
 * the trigger dead-letters the event at once. A failure is answered, not thrown: a real Fn server
 * would answer a thrown one with {@code {"message":"function failed"}} and lose its cause. A
 * duplicate invocation returns the stored outcome and runs nothing.
 *
 * <p>A duplicate that comes while another invocation holds the key (delivery is at least once, so a
 * copy of an event may arrive while the first delivery's work still runs) runs nothing, leaves the flag
 * to the holder, and answers {@link JobReply#DEFERRED} with the hold's remaining time as its
 * {@code retryAfter}: not a failure, so the trigger layer tries it again later without counting an
 * attempt.
 *
 * <p>Each flag it writes carries the event's {@link EventOrder}, where the caller knows one. A run of
 * an event older than the one the flag describes still runs its work (whether the work still applies
 * is the work's to judge), but moves no flag: the newer event's flag stays, whatever it says.
 */
public final class JobRunner {

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);
  // used when the trigger layer sent no deadline, e.g. a direct invoke
  private static final Duration DEFAULT_HOLD = Duration.ofMinutes(5);
  /** How long work runs before its flag says {@code running}, unless told otherwise. */
  public static final Duration DEFAULT_RUNNING_AFTER = Duration.ofSeconds(1);

  private final StatusFlags flags;
  private final Idempotent idempotent;
  private final Clock clock;
  private final Duration runningAfter;

  /** A runner whose flags say {@code running} once work has run for {@link #DEFAULT_RUNNING_AFTER}. */
  public JobRunner(StatusFlags flags, Idempotent idempotent, Clock clock) {
    this(flags, idempotent, clock, DEFAULT_RUNNING_AFTER);
  }

  /**
   * @param runningAfter how long work runs before its flag says {@code running}; zero: before it starts
   */
  public JobRunner(StatusFlags flags, Idempotent idempotent, Clock clock, Duration runningAfter) {
    if (runningAfter.isNegative()) {
      throw new IllegalArgumentException("runningAfter must not be negative: " + runningAfter);
    }
    this.flags = flags;
    this.idempotent = idempotent;
    this.clock = clock;
    this.runningAfter = runningAfter;
  }

  /**
   * Runs the work of an event without an {@link EventOrder}: its flag is compared with other keys'
   * flags of the subject by write time alone.
   *
   * @see #run(String, String, EventOrder, TriggerEvent, Object, Supplier)
   */
  public JobReply run(String job, String subject, TriggerEvent event, Object payload, Supplier<?> work) {
    return run(job, subject, EventOrder.NONE, event, payload, work);
  }

  /**
   * @param job the flag's job, and the first part of its key: {@code thumbnail}, {@code orders}, {@code cleanup}
   * @param subject the unit of work: the original's key, the order id, the slot
   * @param order where the event stands among the subject's events: every flag written carries it, so
   *     that no writer of an older event (another key) moves the subject's flag back to it
   * @param payload what the key stands for (see {@link Idempotent#run})
   */
  public JobReply run(String job, String subject, EventOrder order, TriggerEvent event, Object payload,
      Supplier<?> work) {
    Unit unit = new Unit(job, subject, order, event, Json.hash(payload));
    Progress progress = new Progress();
    JobOutcome outcome;
    try {
      progress.known.set(flags.read(job, subject));
      Optional<JobOutcome> settled = settledOutcome(unit, progress.known.get());
      if (settled.isPresent()) {
        return reply(job, subject, event, settled.get());
      }
      outcome = idempotent.run(event.idempotencyKey(), payload, event.deadlineOr(clock.instant().plus(DEFAULT_HOLD)),
          JobOutcome.class, () -> runOnce(unit, work, progress));
    } catch (InProgressElsewhereException e) {
      // the flag is the holder's: a write here could only race its running or succeeded
      return JobReply.deferred(job, subject, event.idempotencyKey(), e.retryAfter(), e.getMessage());
    } catch (PayloadMismatchException e) {
      // the caller's to answer: the key's first payload stands, and what that means is the job's
      throw e;
    } catch (PoisonException e) {
      LOG.warn("trigger={} job={} event={} attempt={} subject={} is poison, for a person to look at: {}: {}",
          event.trigger(), job, event.eventId(), event.attempt(), subject, e.code(), e.getMessage());
      return JobReply.poison(job, subject, event.idempotencyKey(), causeOf(e));
    } catch (RuntimeException e) {
      LOG.warn("trigger={} job={} event={} attempt={} subject={} failed, answered as failed for a retry",
          event.trigger(), job, event.eventId(), event.attempt(), subject, e);
      return JobReply.failed(job, subject, event.idempotencyKey(), causeOf(e));
    }
    // after the outcome is stored: a failed flag write cannot make the work run again, and a duplicate
    // (the trigger's retry) finds no settled flag, takes the stored outcome and writes the flag again
    if (outcome.rejected()) {
      write(unit, FlagState.rejected, outcome.result(), outcome.rejection(), progress);
    } else {
      write(unit, FlagState.succeeded, outcome.result(), null, progress);
    }
    return reply(job, subject, event, outcome);
  }

  /**
   * The outcome a flag settled for the key tells, if it does: the flag is written only after the outcome
   * is stored with the key, so it says the same. A flag without a payload hash tells nothing.
   *
   * @throws PayloadMismatchException when it was settled for another payload
   */
  private static Optional<JobOutcome> settledOutcome(Unit unit, Optional<Versioned<StatusFlag>> current) {
    Optional<StatusFlag> settled = current.map(Versioned::value)
        .filter(flag -> flag.state().settled() && flag.payloadHash() != null)
        .filter(flag -> flag.idempotencyKey().equals(unit.event().idempotencyKey()));
    if (settled.isEmpty()) {
      return Optional.empty();
    }
    StatusFlag flag = settled.get();
    if (!flag.payloadHash().equals(unit.payloadHash())) {
      throw new PayloadMismatchException(flag.idempotencyKey(), flag.payloadHash(), unit.payloadHash());
    }
    return Optional.of(new JobOutcome(flag.result(), flag.state() == FlagState.rejected ? flag.error() : null));
  }

  private JobOutcome runOnce(Unit unit, Supplier<?> work, Progress progress) {
    Running running = announce(unit, progress);
    try {
      return outcomeOf(work);
    } catch (RuntimeException e) {
      running.settle();
      write(unit, FlagState.failed, null, causeOf(e), progress);
      throw e;
    } finally {
      running.settle();
    }
  }

  private static JobOutcome outcomeOf(Supplier<?> work) {
    try {
      return new JobOutcome(Json.tree(work.get()), null);
    } catch (RejectedException e) {
      return new JobOutcome(e.details(), new FlagError(e.code(), e.getMessage()));
    }
  }

  /** Flags the work running now, or once it has run for {@link #runningAfter}. */
  private Running announce(Unit unit, Progress progress) {
    if (runningAfter.isZero()) {
      write(unit, FlagState.running, null, null, progress);
      return Running.DONE;
    }
    return new Running(Announcer.SCHEDULER.schedule(() -> writeRunning(unit, progress), runningAfter.toMillis(),
        TimeUnit.MILLISECONDS));
  }

  private void writeRunning(Unit unit, Progress progress) {
    try {
      write(unit, FlagState.running, null, null, progress);
    } catch (RuntimeException e) {
      // the work goes on: its outcome moves the flag on all the same
      TriggerEvent event = unit.event();
      LOG.warn("trigger={} job={} event={} subject={} could not be flagged running: {}", event.trigger(), unit.job(),
          event.eventId(), unit.subject(), e.toString());
    }
  }

  /** Why the work failed: a poison's own code, else the failure's class (see {@link Failures#of(Throwable)}). */
  private static FlagError causeOf(RuntimeException failure) {
    return failure instanceof PoisonException poison ? Failures.of(poison.code(), poison.getMessage())
        : Failures.of(failure);
  }

  /** Writes the flag over the one this run last read or wrote, and remembers what is stored now. */
  private void write(Unit unit, FlagState state, JsonNode result, FlagError error, Progress progress) {
    TriggerEvent event = unit.event();
    StatusFlag flag = new StatusFlag(unit.job(), unit.subject(), state, event.attempt(), event.idempotencyKey(),
        unit.order(), clock.instant().toString(), result, error, state.settled() ? unit.payloadHash() : null);
    progress.known.set(Optional.of(flags.write(flag, progress.known.get())));
  }

  private static JobReply reply(String job, String subject, TriggerEvent event, JobOutcome outcome) {
    if (outcome.rejected()) {
      return new JobReply(job, subject, event.idempotencyKey(), JobReply.REJECTED,
          Failures.text(outcome.rejection()), outcome.result(), null, outcome.rejection());
    }
    return new JobReply(job, subject, event.idempotencyKey(), JobReply.SUCCEEDED, null, outcome.result());
  }

  /** The flag a run writes: where it lives, the event it describes, and the hash of the key's payload. */
  private record Unit(String job, String subject, EventOrder order, TriggerEvent event, String payloadHash) {}

  /** The subject's flag as this run last read or wrote it (empty: none), shared with a late running write. */
  private static final class Progress {
    final AtomicReference<Optional<Versioned<StatusFlag>>> known = new AtomicReference<>(Optional.empty());
  }

  /** A running write that may be pending: settled once the work ends, so that no write overtakes it. */
  private static final class Running {
    static final Running DONE = new Running(null);
    private Future<?> pending;

    Running(Future<?> pending) {
      this.pending = pending;
    }

    /** Cancels the write if it has not started, else waits for it to end. */
    void settle() {
      if (pending == null) {
        return;
      }
      Future<?> write = pending;
      pending = null;
      if (write.cancel(false)) {
        return;
      }
      try {
        write.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        // writeRunning logs its own failures
      }
    }
  }

  /** One daemon thread for the running writes of every runner: they are short and rare. */
  private static final class Announcer {
    static final ScheduledExecutorService SCHEDULER = scheduler();

    private static ScheduledExecutorService scheduler() {
      ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "fnjobs-running-flags");
        thread.setDaemon(true);
        return thread;
      });
      scheduler.setRemoveOnCancelPolicy(true);
      return scheduler;
    }
  }
}
