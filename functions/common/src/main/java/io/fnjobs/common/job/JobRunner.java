package io.fnjobs.common.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.fnjobs.common.event.JobReply;
import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.flags.EventOrder;
import io.fnjobs.common.flags.FlagState;
import io.fnjobs.common.flags.StatusFlag;
import io.fnjobs.common.flags.StatusFlag.FlagError;
import io.fnjobs.common.flags.StatusFlags;
import io.fnjobs.common.idempotency.Idempotent;
import io.fnjobs.common.idempotency.InProgressElsewhereException;
import io.fnjobs.common.idempotency.PayloadMismatchException;
import io.fnjobs.common.json.Json;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a function runs one unit of work: once per idempotency key, with its status flag kept.
 *
 * <p>The key is taken first (a different payload under the key fails here, with nothing written); then
 * the flag says {@code running}; then the work runs, its outcome is stored with the key, and the flag
 * says {@code succeeded}, or {@code rejected} (with the rejection's details as its result) when the
 * work throws {@link RejectedException}. Any other failure makes the flag {@code failed} for this
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

  private final StatusFlags flags;
  private final Idempotent idempotent;
  private final Clock clock;

  public JobRunner(StatusFlags flags, Idempotent idempotent, Clock clock) {
    this.flags = flags;
    this.idempotent = idempotent;
    this.clock = clock;
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
    Unit unit = new Unit(job, subject, order, event);
    JobOutcome outcome;
    try {
      outcome = idempotent.run(event.idempotencyKey(), payload, event.deadlineOr(clock.instant().plus(DEFAULT_HOLD)),
          JobOutcome.class, () -> runOnce(unit, work));
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
    // (the trigger's retry) writes the flag once more, which repairs it; a settled flag is only read
    if (outcome.rejected()) {
      write(unit, FlagState.rejected, outcome.result(), outcome.rejection());
    } else {
      write(unit, FlagState.succeeded, outcome.result(), null);
    }
    return reply(job, subject, event, outcome);
  }

  private JobOutcome runOnce(Unit unit, Supplier<?> work) {
    write(unit, FlagState.running, null, null);
    try {
      return new JobOutcome(Json.tree(work.get()), null);
    } catch (RejectedException e) {
      return new JobOutcome(e.details(), new FlagError(e.code(), e.getMessage()));
    } catch (RuntimeException e) {
      write(unit, FlagState.failed, null, causeOf(e));
      throw e;
    }
  }

  /** Why the work failed: a poison's own code, else the failure's class (see {@link Failures#of(Throwable)}). */
  private static FlagError causeOf(RuntimeException failure) {
    return failure instanceof PoisonException poison ? Failures.of(poison.code(), poison.getMessage())
        : Failures.of(failure);
  }

  private void write(Unit unit, FlagState state, JsonNode result, FlagError error) {
    TriggerEvent event = unit.event();
    flags.write(new StatusFlag(unit.job(), unit.subject(), state, event.attempt(), event.idempotencyKey(), unit.order(),
        clock.instant().toString(), result, error));
  }

  private static JobReply reply(String job, String subject, TriggerEvent event, JobOutcome outcome) {
    if (outcome.rejected()) {
      return new JobReply(job, subject, event.idempotencyKey(), FlagState.rejected.name(),
          Failures.text(outcome.rejection()), outcome.result(), null, outcome.rejection());
    }
    return new JobReply(job, subject, event.idempotencyKey(), FlagState.succeeded.name(), null, outcome.result());
  }

  /** The flag a run writes: where it lives, and the event it describes. */
  private record Unit(String job, String subject, EventOrder order, TriggerEvent event) {}
}
