package io.fnjobs.triggers.blob;

import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runtime.AttemptPolicy;
import io.fnjobs.triggers.runtime.DeferralPolicy;
import io.fnjobs.triggers.runtime.Invoker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invokes a blob trigger's function for one change, once per object version: claims the version's
 * receipt, invokes, and settles the receipt with the outcome. A failed invocation is retried after the
 * definition's backoff (scheduled, never slept on a worker), the receipt holding the version meanwhile;
 * after the last attempt the change becomes a dead letter, at once if the function found it poison,
 * and the object's flag says {@code failed} with the cause where the function left it short of that
 * ({@link Invoker#giveUp}). A rejected invocation is settled at once.
 * A deferred invocation (another invocation of the change holds its key: a copy of the change while
 * the first delivery's work runs) is tried again after the wait of the {@link DeferralPolicy} with the same
 * attempt number, the receipt counting the deferral, within the bound of the {@link DeferralPolicy}.
 * What follows a run is the {@link AttemptPolicy}'s to decide, as for every trigger type; this class
 * carries it out through the version's receipt.
 * A throttled invocation (Fn busy: the function did not run) is tried again with the same attempt
 * number after the definition's backoff for as many throttles in a row: it spends no attempt.
 *
 * <p>Without version ids a receipt names a version by its ETag, which names content, not an upload:
 * content A, then B, then A again would find A's receipt settled, and the object's thumbnails and
 * flag would stay B's. So a receipt stands only while the object keeps its content. When a version
 * settles (processed, rejected or dead-lettered; created or removed) the receipts of the object's
 * other versions are forgotten first, held ones included: none of them is what the object was last
 * worked on as, and the same content uploaded again is new work. A version the function skipped as
 * stale (the object had moved on when it looked) forgets its own receipt and no other: nothing was
 * done for it, and the receipt of the object's current content still stands.
 *
 * <p>Why this holds when deliveries interleave, on one instance or several: forgetting a receipt is
 * always safe, keeping a stale one is not. A forgotten receipt only makes the version be looked at
 * again, by its next event or by the sweep (which lists current objects only), and the function
 * decides by the object's current ETag (skipping stale work) and by a key per upload (answering a
 * repeat of finished work from its record). So when B settles while A's delivery is in flight here or
 * on another instance, forgetting A's held receipt costs at most one more invocation: A's settle then
 * fails with {@link LostClaimException} and is given up, and the sweep finds A if A is the object's
 * content. The others are forgotten before the own receipt is settled: a failure between the two
 * leaves this version unsettled, so it is taken up again and the forgetting repeated. What remains is
 * a short window: an upload of A whose event comes while B's delivery runs finds A's old receipt
 * still settled (or held) and is dropped; B's settling forgets that receipt, and the sweep takes A up
 * within one interval.
 */
final class BlobDelivery {

  private static final Logger LOG = LoggerFactory.getLogger(BlobDelivery.class);
  private static final Duration FULL_RETRY_WAIT = Duration.ofSeconds(1);

  private final TriggerDefinition definition;
  private final FunctionRef function;
  private final Invoker invoker;
  private final Receipts receipts;
  private final DeadLetters deadLetters;
  private final WorkQueue workers;
  private final RetryScheduler scheduler;
  private final Clock clock;
  private final String holder;
  private final AttemptPolicy policy;
  private final Map<String, AtomicLong> counts = new LinkedHashMap<>();

  BlobDelivery(TriggerDefinition definition, FunctionRef function, Invoker invoker, Receipts receipts,
      DeadLetters deadLetters, WorkQueue workers, RetryScheduler scheduler, Clock clock, String holder) {
    this.definition = definition;
    this.function = function;
    this.invoker = invoker;
    this.receipts = receipts;
    this.deadLetters = deadLetters;
    this.workers = workers;
    this.scheduler = scheduler;
    this.clock = clock;
    this.holder = holder;
    this.policy = AttemptPolicy.of(definition, function);
    for (String name : new String[] {"claimed", "duplicates", "heldElsewhere", "succeeded", "rejected", "skipped",
        "retried", "deferred", "throttled", "poison", "deadLettered", "storeErrors"}) {
      counts.put(name, new AtomicLong());
    }
  }

  /** Delivers a change; runs on a worker. Never throws: what cannot be done now is left to the sweep. */
  void deliver(ObjectChange change) {
    Claim claim;
    try {
      claim = receipts.claim(definition.name(), change, holder, holdUntil(Duration.ZERO));
    } catch (RuntimeException e) {
      count("storeErrors");
      LOG.warn("trigger={} function={} event={} cannot claim its receipt, left to the sweep: {}", definition.name(),
          function, change.eventId(), e.toString());
      return;
    }
    run(change, claim);
  }

  /**
   * Replays a dead letter: its version is claimed again and gets the definition's attempts anew. The
   * attempt numbers go on from those made, so that the function's flag, which never moves back to an
   * earlier attempt, follows.
   */
  void replay(DeadLetter letter) {
    ObjectChange change = letter.change().from(ObjectChange.Source.replay);
    Claim claim = receipts.reopen(definition.name(), change, holder, holdUntil(Duration.ZERO));
    deadLetters.delete(definition.name(), letter.id());
    LOG.info("trigger={} function={} event={} replaying dead letter {}", definition.name(), function,
        change.eventId(), letter.id());
    if (claim instanceof Claim.Held held) {
      count("claimed");
      invoker.metrics().receiptClaimed(definition.name());
      int next = held.receipt().attempts() + 1;
      attempt(change, held, next, next, 0);
    } else {
      run(change, claim);
    }
  }

  private void run(ObjectChange change, Claim claim) {
    if (claim instanceof Claim.Held held) {
      count("claimed");
      invoker.metrics().receiptClaimed(definition.name());
      // attempts made by an instance whose hold ran out count against the same budget
      attempt(change, held, held.receipt().attempts() + 1, 1, 0);
    } else if (claim instanceof Claim.Settled settled) {
      count("duplicates");
      LOG.debug("trigger={} function={} event={} already {} (from {})", definition.name(), function,
          change.eventId(), settled.receipt().state(), change.source());
    } else {
      count("heldElsewhere");
      LOG.debug("trigger={} function={} event={} in progress at {}", definition.name(), function,
          change.eventId(), ((Claim.HeldElsewhere) claim).receipt().holder());
    }
  }

  /**
   * Makes attempt {@code attempt}; the budget of {@code maxAttempts} started at {@code firstAttempt};
   * {@code throttles}: how often Fn was busy for this attempt in a row.
   */
  private void attempt(ObjectChange change, Claim.Held held, int attempt, int firstAttempt, int throttles) {
    try {
      int deferrals = held.receipt().deferrals();
      RunRecord run = invoker.invoke(definition, function, change.toEvent(definition.name()), attempt,
          policy.mayDefer(deferrals), change.traceparent());
      policy.next(run, attempt - firstAttempt + 1, deferrals, throttles)
          .carryOut(new ReceiptSettlement(change, held, attempt, firstAttempt, run));
    } catch (LostClaimException e) {
      LOG.warn("trigger={} function={} event={} attempt={} given up here: {}", definition.name(), function,
          change.eventId(), attempt, e.getMessage());
    } catch (RuntimeException e) {
      count("storeErrors");
      LOG.warn("trigger={} function={} event={} attempt={} cannot record its outcome; the receipt's hold runs out"
          + " and the sweep takes it up: {}", definition.name(), function, change.eventId(), attempt, e.toString());
    }
  }

  /** Carries out what the {@link AttemptPolicy} decided after one run, through the version's receipt. */
  private final class ReceiptSettlement implements AttemptPolicy.Settlement<Void> {

    private final ObjectChange change;
    private final Claim.Held held;
    private final int attempt;
    private final int firstAttempt;
    private final RunRecord run;

    ReceiptSettlement(ObjectChange change, Claim.Held held, int attempt, int firstAttempt, RunRecord run) {
      this.change = change;
      this.held = held;
      this.attempt = attempt;
      this.firstAttempt = firstAttempt;
      this.run = run;
    }

    /**
     * The receipt says succeeded or rejected. A skipped change (the function found it stale and did
     * nothing) forgets its receipt rather than settling it, so that this content uploaded again is new
     * work; the receipt of the object's current content stays.
     */
    @Override
    public Void settle(AttemptPolicy.Settle settle) {
      switch (settle.outcome()) {
        case succeeded -> {
          count("succeeded");
          settleVersion(change, held, attempt, Receipt.State.succeeded, run.detail());
        }
        case rejected -> {
          count("rejected");
          settleVersion(change, held, attempt, Receipt.State.rejected, run.detail());
        }
        default -> {
          count("skipped");
          receipts.forget(held);
          LOG.debug("trigger={} function={} event={} skipped by the function ({}); its receipt is forgotten",
              definition.name(), function, change.eventId(), run.detail());
        }
      }
      return null;
    }

    /** The next attempt after the backoff, the receipt holding the version meanwhile. */
    @Override
    public Void retry(AttemptPolicy.Retry retry) {
      Claim.Held renewed = receipts.hold(held, attempt, holdUntil(retry.delay()));
      count("retried");
      LOG.info("trigger={} function={} event={} attempt {} failed ({} of {}), next in {}", definition.name(),
          function, change.eventId(), attempt, retry.made(), retry.maxAttempts(), retry.delay());
      later(retry.delay(), () -> attempt(change, renewed, attempt + 1, firstAttempt, 0));
      return null;
    }

    /** The same attempt again after the deferral's wait, the receipt counting the deferral: the attempt was not spent. */
    @Override
    public Void defer(AttemptPolicy.Defer defer) {
      Claim.Held renewed = receipts.defer(held, holdUntil(defer.delay()), "deferred: " + run.detail());
      count("deferred");
      LOG.info("trigger={} function={} event={} attempt {} deferred ({} of at most {}), another invocation does its"
          + " work: trying again in {}", definition.name(), function, change.eventId(), attempt,
          renewed.receipt().deferrals(), policy.maxDeferrals(), defer.delay());
      later(defer.delay(), () -> attempt(change, renewed, attempt, firstAttempt, 0));
      return null;
    }

    /** Fn had no capacity for the call: the same attempt again, the receipt held on with its attempts as they were. */
    @Override
    public Void throttle(AttemptPolicy.Throttle throttle) {
      Claim.Held renewed = receipts.hold(held, held.receipt().attempts(), holdUntil(throttle.delay()));
      count("throttled");
      LOG.info("trigger={} function={} event={} attempt {} throttled ({} in a row), Fn is busy: trying again in {}",
          definition.name(), function, change.eventId(), attempt, throttle.inARow(), throttle.delay());
      later(throttle.delay(), () -> attempt(change, renewed, attempt, firstAttempt, throttle.inARow()));
      return null;
    }

    @Override
    public Void giveUp(AttemptPolicy.GiveUp giveUp) {
      if (giveUp.why() == AttemptPolicy.Why.POISON) {
        count("poison");
      }
      deadLetter(change, held, attempt, run);
      return null;
    }
  }

  /** Settles the version, after forgetting the receipts of the object's other versions (see the class comment). */
  private void settleVersion(ObjectChange change, Claim.Held held, int attempt, Receipt.State state, String detail) {
    int forgotten = receipts.forgetOtherVersions(definition.name(), change.blob().bucket(), change.blob().key(), change.version());
    if (forgotten > 0) {
      LOG.debug("trigger={} function={} event={} forgot the receipts of {} other versions of the object",
          definition.name(), function, change.eventId(), forgotten);
    }
    receipts.settle(held, attempt, state, detail);
  }

  /**
   * Keeps the change as a dead letter with the run's cause, flags the object failed where the function
   * left its flag short of that, and settles the receipt.
   */
  private void deadLetter(ObjectChange change, Claim.Held held, int attempt, RunRecord run) {
    DeadLetter letter = new DeadLetter(DeadLetter.idOf(change), definition.name(), definition.function(),
        change.eventId(), change.idempotencyKey(), change, attempt, run.detail(), held.receipt().updatedAt(),
        clock.instant().toString(), run.cause());
    deadLetters.put(letter);
    invoker.giveUp(definition, change.toEvent(definition.name()), attempt, run.cause());
    settleVersion(change, held, attempt, Receipt.State.deadLettered, run.detail());
    count("deadLettered");
    LOG.error("trigger={} function={} event={} dead-lettered {} ({}); fix the cause, then replay it:"
        + " POST /dead-letters/{}/{}/replay", definition.name(), function, change.eventId(),
        run.outcome() == RunRecord.Outcome.poison ? "at once, the function found it poison"
            : "after " + attempt + " attempts", run.detail(), definition.name(), letter.id());
  }

  /** Schedules {@code retry} on the workers after {@code wait}; never slept on a worker. */
  private void later(Duration wait, Runnable retry) {
    scheduler.schedule(wait, () -> resubmit(retry));
  }

  /** Hands a retry to the workers; waits a second more while they are full. Dropped once they are shut down. */
  private void resubmit(Runnable retry) {
    if (!workers.offer(retry)) {
      scheduler.schedule(FULL_RETRY_WAIT, () -> resubmit(retry));
    }
  }

  /** The receipt is held as long as the invocation's idempotency key, so neither expires before the other. */
  private Instant holdUntil(Duration wait) {
    return clock.instant().plus(wait).plus(Invoker.hold(function));
  }

  private void count(String name) {
    counts.get(name).incrementAndGet();
  }

  /** How many changes went which way, for {@code GET /triggers}. */
  Map<String, Long> counts() {
    Map<String, Long> snapshot = new LinkedHashMap<>();
    counts.forEach((name, value) -> snapshot.put(name, value.get()));
    return snapshot;
  }
}
