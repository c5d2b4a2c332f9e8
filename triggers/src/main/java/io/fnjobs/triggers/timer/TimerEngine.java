package io.fnjobs.triggers.timer;

import io.fnjobs.common.event.TriggerEvent;
import io.fnjobs.common.event.TriggerEvent.TimerTick;
import io.fnjobs.common.failure.Failures;
import io.fnjobs.common.idempotency.IdempotencyKeys;
import io.fnjobs.common.store.LostRacesException;
import io.fnjobs.common.store.PreconditionFailedException;
import io.fnjobs.common.store.Versioned;
import io.fnjobs.triggers.control.PauseSwitch;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runs.RunRecord;
import io.fnjobs.triggers.runs.RunRecord.Outcome;
import io.fnjobs.triggers.runtime.AttemptPolicy;
import io.fnjobs.triggers.runtime.CauseCodes;
import io.fnjobs.triggers.runtime.DeferralPolicy;
import io.fnjobs.triggers.runtime.Invoker;
import io.fnjobs.triggers.timer.SlotPlanner.Decision;
import io.fnjobs.triggers.timer.SlotPlanner.Plan;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one timer trigger: wakes at each slot (plus jitter), plans the slots due with
 * {@link SlotPlanner}, and runs each slot that should run exactly once across every instance.
 *
 * <p>A run first takes the trigger's lease (one run at a time, across instances) until its first
 * attempt's deadline, then claims the slot by creating its record as that attempt (once per slot),
 * then invokes the function: two reads and two conditional writes between the wake and the invoke.
 * It retries per the trigger's delivery options with the lease renewed to each later attempt's
 * deadline, and finally records the outcome and releases the lease. A lease left behind by a crashed
 * or stopped owner expires with its attempt's deadline; the next owner to look then continues that
 * slot with the next attempt, under the same idempotency key.
 *
 * <p>An attempt the function defers (the slot's key is held: its run goes on elsewhere) is no failure:
 * it is made again after the deferral's wait, the lease renewed meanwhile, as often as the
 * {@link DeferralPolicy} allows; past that a deferral counts as a failed attempt. A throttled attempt
 * (Fn had no capacity) is made again after the delivery backoff for as many busy answers in a row,
 * spending no attempt either. A run that ends failed (its attempts used up, or a poison answer, which
 * is not retried) has the slot's status flag say so ({@link SlotInvoker#gaveUp}). What follows a run
 * is the {@link AttemptPolicy}'s to decide, as for every trigger type; the engine carries it out
 * through the slot's record and lease.
 *
 * <p>While another run holds the lease, the engine decides nothing: the holder, once its run has
 * ended, decides the slots that came meanwhile by when its run ended (see {@link SlotPlanner}), and the
 * others look again every {@link #BUSY_POLL} in case it stopped first. So a slot is skipped for overlap
 * only when a run was really going at its time, not because a lease had not been given back yet.
 *
 * <p>Everything runs on the {@link Scheduler}'s one thread, runs on demand included, so an instance
 * never overlaps itself; the lease keeps instances from overlapping each other.
 *
 * <p>While an operator has paused the trigger ({@link PauseSwitch}), a slot that should run is recorded
 * skipped with the reason {@value PauseSwitch#REASON}, and runs on demand are refused; a run going on
 * finishes.
 */
public final class TimerEngine {

  private static final Logger LOG = LoggerFactory.getLogger(TimerEngine.class);
  /**
   * Beyond an attempt's deadline (or a retry's due time) the lease lasts a third of
   * {@link Invoker#HOLD_MARGIN}, the one margin of every hold: enough for Fn's
   * answer a little after the function's timeout and the write that follows it. A third on purpose: the
   * lease only says which instance runs the timer, and is renewed by its live holder before each
   * attempt; what keeps a late call from running twice is the function's idempotency key, held the
   * whole margin. A short lease lets another instance take over the schedule of one that died sooner.
   */
  static final Duration LEASE_MARGIN = Invoker.HOLD_MARGIN.dividedBy(3);
  /** How often an instance that waits for another instance's run looks at the lease again. */
  static final Duration BUSY_POLL = Duration.ofSeconds(2);
  /** How many skipped slots of one plan get a record of their own; more are only counted. */
  static final int SKIP_RECORDS = 100;
  /** How soon a tick that failed (the store unreachable) is tried again. */
  static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(5);

  private final TriggerDefinition definition;
  private final String trigger;
  private final TimerSource source;
  private final FunctionRef function;
  private final ScheduleStore store;
  private final SlotInvoker invoker;
  private final Scheduler scheduler;
  private final RandomGenerator random;
  private final String owner;
  private final SlotPlanner planner;
  private final AttemptPolicy policy;
  private final PauseSwitch pauses;
  private volatile Instant since;
  private volatile boolean stopping;
  private volatile String lastError = "";

  public TimerEngine(TriggerDefinition definition, FunctionRef function, ScheduleStore store, SlotInvoker invoker,
      Scheduler scheduler, RandomGenerator random, String owner) {
    this(definition, function, store, invoker, scheduler, random, owner, PauseSwitch.NEVER);
  }

  public TimerEngine(TriggerDefinition definition, FunctionRef function, ScheduleStore store, SlotInvoker invoker,
      Scheduler scheduler, RandomGenerator random, String owner, PauseSwitch pauses) {
    this.pauses = pauses;
    this.definition = definition;
    this.trigger = definition.name();
    this.source = definition.source(TimerSource.class);
    this.function = function;
    this.store = store;
    this.invoker = invoker;
    this.scheduler = scheduler;
    this.random = random;
    this.owner = owner;
    this.planner = new SlotPlanner(source);
    this.policy = AttemptPolicy.of(definition, function);
  }

  /** Starts ticking; slots before now count as missed only if the shared status says so. */
  public void start() {
    since = now();
    scheduler.at(since, this::tick);
    LOG.info("trigger={} function={} timer started as {}: {} (catchUp {}, overlap {}, jitter {}), next slot {}",
        trigger, function, owner, source.schedule(), source.catchUp(), source.overlap(), source.jitter(),
        source.schedule().nextAfter(since).map(Instant::toString).orElse("none"));
  }

  /** Takes no new runs; waits up to {@code wait} for a run in flight, which otherwise finishes unobserved. */
  public void stop(Duration wait) {
    stopping = true;
    scheduler.close(wait);
  }

  /** The owner id this engine writes into leases and slot records. */
  public String owner() {
    return owner;
  }

  /** The last problem reaching the state store, or "". */
  public String lastError() {
    return lastError;
  }

  void tick() {
    if (stopping) {
      return;
    }
    Optional<Instant> wake;
    try {
      wake = tickOnce();
      lastError = "";
    } catch (RuntimeException e) {
      lastError = e.getMessage() == null ? e.toString() : e.getMessage();
      LOG.warn("trigger={} function={} cannot read or write its schedule in the state bucket, trying again in {}: {}",
          trigger, function, RETRY_AFTER_ERROR, lastError);
      LOG.debug("trigger={} function={} tick failed", trigger, function, e);
      wake = Optional.of(now().plus(RETRY_AFTER_ERROR));
    }
    wake.ifPresent(at -> scheduler.at(at, this::tick));
  }

  private Optional<Instant> tickOnce() {
    Instant now = now();
    Optional<Versioned<TimerLease>> lease = store.lease(trigger);
    if (lease.isPresent() && lease.get().value().abandonedAt(now) && recover(lease.get())) {
      return Optional.of(now());
    }
    if (lease.isPresent() && !lease.get().value().freeAt(now)) {
      return Optional.of(whileHeld(lease.get().value()));
    }
    ScheduleStatus status = store.status(trigger).orElse(ScheduleStatus.empty(trigger));
    Plan plan = planner.plan(status.decidedThroughInstant(), status.lastRunEndedInstant(), since, now);
    Optional<TimerLease> holder = carryOut(plan, status, lease, now);
    if (holder.isPresent()) {
      return Optional.of(whileHeld(holder.get()));
    }
    if (plan.decisions().stream().anyMatch(Decision::run)) {
      // runs take time: slots may have come meanwhile
      return Optional.of(now());
    }
    // after the slots due at the time planned with, not at the time now: a slot that came during this
    // tick's reads is due, and woken for at once
    return nextWake(now);
  }

  /** When to look again while another run holds the lease: when it expires, or after {@link #BUSY_POLL}. */
  private Instant whileHeld(TimerLease holder) {
    return earliest(holder.expiresAtInstant(), now().plus(BUSY_POLL));
  }

  /**
   * Carries the plan out in slot order.
   *
   * @param lease the lease as this tick read it, for the first run to take without reading it again
   * @param woke when this tick began
   * @return the holder of the lease, when a run found it taken for another slot: the rest waits for that run
   */
  private Optional<TimerLease> carryOut(Plan plan, ScheduleStatus status, Optional<Versioned<TimerLease>> lease,
      Instant woke) {
    List<Decision> skips = new ArrayList<>();
    boolean ran = false;
    for (Decision planned : plan.decisions()) {
      Decision decision = unlessPaused(planned);
      if (stopping) {
        return Optional.empty();
      }
      if (!decision.run()) {
        skips.add(decision);
        continue;
      }
      recordSkips(skips);
      skips.clear();
      // after a run of this plan the lease has moved on from what the tick read
      Optional<TimerLease> holder = runScheduled(decision, ran ? store.lease(trigger) : lease, woke);
      if (holder.isPresent()) {
        return holder;
      }
      ran = true;
    }
    recordSkips(skips);
    Instant decided = status.decidedThroughInstant();
    if (plan.decisions().isEmpty() && decided != null && plan.decidedThrough().isAfter(decided)) {
      // slots older than maxCatchUpAge were dropped
      store.updateStatus(trigger, current -> current.decided(plan.decidedThrough()));
    }
    return Optional.empty();
  }

  /** The pause hook: a slot that should run while the trigger is paused is skipped instead. */
  private Decision unlessPaused(Decision decision) {
    return decision.run() && pauses.isPaused(trigger) ? Decision.skip(decision.slot(), PauseSwitch.REASON) : decision;
  }

  /**
   * Records the skips: a record per slot (the newest {@link #SKIP_RECORDS} of a longer backlog), so
   * that nobody runs them later and anyone can see why they did not run, and the count in the status.
   */
  private void recordSkips(List<Decision> skips) {
    if (skips.isEmpty()) {
      return;
    }
    List<Decision> recorded = List.copyOf(skips);
    for (Decision skip : recorded.subList(Math.max(0, recorded.size() - SKIP_RECORDS), recorded.size())) {
      store.claim(SlotRecord.skipped(trigger, skip.slot(), owner, IdempotencyKeys.timer(trigger, skip.slot()), now(),
          skip.reason()));
    }
    store.updateStatus(trigger, status -> {
      ScheduleStatus changed = status;
      for (Decision skip : recorded) {
        changed = changed.skipped(skip.slot(), skip.reason());
      }
      return changed.stamped(now(), nextSlot().orElse(null));
    });
    recorded.forEach(skip -> invoker.metrics().slotSkipped(trigger));
    Decision last = recorded.get(recorded.size() - 1);
    LOG.info("trigger={} function={} event={} skipped{}: {}", trigger, function, eventId(last.slot()),
        recorded.size() > 1 ? " with the " + (recorded.size() - 1) + " slots before it" : "", last.reason());
  }

  /**
   * Runs a scheduled slot unless another instance claimed it.
   *
   * @param known the lease as read moments ago
   * @param woke when the tick that planned it began
   * @return the lease's holder when another run holds it (for a different slot)
   */
  private Optional<TimerLease> runScheduled(Decision decision, Optional<Versioned<TimerLease>> known, Instant woke) {
    Instant slot = decision.slot();
    Instant started = now();
    Instant deadline = started.plus(function.timeout());
    Instant expiry = deadline.plus(LEASE_MARGIN);
    // taken for the first attempt at once, and the slot claimed as that attempt: nothing left to write before it
    LeaseTaking taking = store.takeLease(TimerLease.take(trigger, owner, slot, started, expiry).renewed(1, expiry),
        known, started);
    if (taking instanceof LeaseTaking.Held held) {
      // a holder running this very slot is another instance doing this run
      return Optional.of(held.holder()).filter(holder -> !holder.slotInstant().equals(slot));
    }
    Versioned<TimerLease> lease = ((LeaseTaking.Taken) taking).lease();
    Optional<Versioned<SlotRecord>> claimed = store.claim(SlotRecord.claimed(
        trigger, slot, false, decision.pastDue(), owner, IdempotencyKeys.timer(trigger, slot), started)
        .attempt(1, owner, started, deadline));
    if (claimed.isEmpty()) {
      release(lease);
      store.updateStatus(trigger, status -> status.decided(slot));
      LOG.debug("trigger={} function={} event={} already claimed by another instance", trigger, function, eventId(slot));
      return Optional.empty();
    }
    logStart(decision, woke);
    execute(claimed.get(), lease, 1);
    return Optional.empty();
  }

  /**
   * Logs how late the slot's run starts. A slot that was on time when planned can start past its
   * on-time limit only when the state bucket's requests between the wake and the invoke were slow.
   */
  private void logStart(Decision decision, Instant woke) {
    Instant slot = decision.slot();
    invoker.metrics().received(trigger, "schedule");
    invoker.metrics().timerLag(trigger, slot);
    Duration late = Duration.between(slot, now());
    Duration limit = planner.onTimeWithin(slot);
    if (!decision.pastDue() && late.compareTo(limit) > 0) {
      LOG.warn("trigger={} function={} event={} running, starting {} ms after its slot, past its on-time limit of {}:"
              + " the state bucket took {} ms to answer the requests since the timer woke", trigger, function,
          eventId(slot), late.toMillis(), limit, Duration.between(woke, now()).toMillis());
      return;
    }
    LOG.info("trigger={} function={} event={} running{} ({}), starting {} ms after its slot", trigger, function,
        eventId(slot), decision.pastDue() ? " late" : "", decision.reason(), late.toMillis());
  }

  /**
   * Runs the timer now, under the same one-run-at-a-time rule as the schedule: the slot is this moment.
   * Called from any thread; the run itself happens on the scheduler's thread.
   */
  public OnDemand runNow() {
    if (stopping || since == null) {
      return new OnDemand.Unavailable(stopping ? "the trigger layer is stopping" : "the timer has not connected to the state bucket yet");
    }
    if (pauses.isPaused(trigger)) {
      return new OnDemand.Unavailable("the trigger is paused: POST /triggers/" + trigger + "/resume first");
    }
    Instant now = now();
    Instant slot = now.truncatedTo(ChronoUnit.MILLIS);
    LeaseTaking taking;
    try {
      taking = store.takeLease(
          TimerLease.take(trigger, owner, slot, now, now.plus(LEASE_MARGIN)), store.lease(trigger), now);
    } catch (LostRacesException e) {
      return new OnDemand.Unavailable("the lease changed while it was being taken; try again");
    }
    if (taking instanceof LeaseTaking.Held held) {
      return new OnDemand.Busy(held.holder());
    }
    Versioned<TimerLease> lease = ((LeaseTaking.Taken) taking).lease();
    Optional<Versioned<SlotRecord>> claimed = store.claim(SlotRecord.claimed(
        trigger, slot, true, false, owner, IdempotencyKeys.timer(trigger, slot), now()));
    if (claimed.isEmpty()) {
      // a run on demand in this very millisecond, through another instance
      release(lease);
      return new OnDemand.Unavailable("another run on demand took this moment's slot " + slot + "; try again");
    }
    invoker.metrics().received(trigger, "on-demand");
    CompletableFuture<SlotRecord> done = new CompletableFuture<>();
    boolean queued = scheduler.at(slot, () -> {
      try {
        done.complete(execute(claimed.get(), lease, 1));
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
        throw e;
      }
    });
    if (!queued) {
      fail(claimed.get(), lease, CauseCodes.STOPPED, "the trigger layer stopped before the run began");
      return new OnDemand.Unavailable("the trigger layer is stopping");
    }
    LOG.info("trigger={} function={} event={} running on demand", trigger, function, eventId(slot));
    return new OnDemand.Started(claimed.get().value(), done);
  }

  /**
   * Continues the slot of a lease its owner left behind, with the next attempt.
   *
   * @return whether this engine took the lease over
   */
  private boolean recover(Versioned<TimerLease> abandoned) {
    TimerLease left = abandoned.value();
    Optional<Versioned<SlotRecord>> record = store.slot(trigger, left.slotInstant());
    if (record.isEmpty() || record.get().value().state().finished()) {
      return false;
    }
    Versioned<TimerLease> lease;
    try {
      lease = store.writeLease(TimerLease.take(trigger, owner, left.slotInstant(), now(), now().plus(LEASE_MARGIN)),
          abandoned.etag());
    } catch (PreconditionFailedException another) {
      return false;
    }
    int next = record.get().value().attempts() + 1;
    LOG.warn("trigger={} function={} event={} was left running by {} (its lease expired at {}): continuing with attempt {}",
        trigger, function, eventId(left.slotInstant()), left.owner(), left.expiresAt(), next);
    execute(record.get(), lease, next);
    return true;
  }

  /** Attempts the claimed slot from {@code firstAttempt} on; returns its record as last written. */
  private SlotRecord execute(Versioned<SlotRecord> claimed, Versioned<TimerLease> taken, int firstAttempt) {
    if (!policy.allows(firstAttempt)) {
      return fail(claimed, taken, CauseCodes.ATTEMPTS_USED_UP, "gave up: its last attempt ("
          + claimed.value().attempts() + " of " + policy.maxAttempts() + ") was interrupted");
    }
    SlotAttempts slot = new SlotAttempts(claimed, taken, firstAttempt);
    try {
      while (true) {
        SlotRecord ended = slot.makeAttempt();
        if (ended != null) {
          return ended;
        }
        if (!scheduler.pauseUntil(slot.retryAt)) {
          LOG.info("trigger={} function={} event={} stopping before attempt {}: another instance continues it after {}",
              trigger, function, slot.record.value().idempotencyKey(), slot.attempt, slot.lease.value().expiresAt());
          return slot.record.value();
        }
      }
    } catch (PreconditionFailedException lost) {
      LOG.error("trigger={} function={} event={} lost its lease or slot record to another instance: its run outlasted"
              + " the lease (the function's timeout plus {}); the other instance continues the slot",
          trigger, function, eventId(slot.record.value().slotInstant()), LEASE_MARGIN);
      return slot.record.value();
    }
  }

  /**
   * One slot's attempts as they go: its record and lease as last written, the attempt, the busy answers
   * in a row. Carries out what the {@link AttemptPolicy} decides after each run through the slot's
   * record: the record once the slot's run has ended, else null, the next invocation due at
   * {@link #retryAt}, the lease renewed to it.
   */
  private final class SlotAttempts implements AttemptPolicy.Settlement<SlotRecord> {

    private Versioned<SlotRecord> record;
    private Versioned<TimerLease> lease;
    private int attempt;
    private int throttles;
    private RunRecord run;
    private Instant retryAt;

    SlotAttempts(Versioned<SlotRecord> record, Versioned<TimerLease> lease, int attempt) {
      this.record = record;
      this.lease = lease;
      this.attempt = attempt;
    }

    /** Invokes the attempt, started first where it is not yet; the record once the slot's run has ended, else null. */
    SlotRecord makeAttempt() {
      if (!record.value().startedAttempt(attempt)) {
        // a claim starts its first attempt with its lease; any later attempt is started here
        Instant started = now();
        Instant deadline = started.plus(function.timeout());
        lease = store.writeLease(lease.value().renewed(attempt, deadline.plus(LEASE_MARGIN)), lease.etag());
        record = store.updateSlot(record.value().attempt(attempt, owner, started, deadline), record.etag());
      }
      int deferrals = record.value().deferrals();
      run = invoker.invoke(event(record.value()), attempt, policy.mayDefer(deferrals));
      return policy.next(run, attempt, deferrals, throttles).carryOut(this);
    }

    @Override
    public SlotRecord settle(AttemptPolicy.Settle settle) {
      if (settle.outcome() == Outcome.rejected) {
        return finish(record, lease, SlotRecord.State.rejected, run.detail());
      }
      // a slot's event is never stale; a function that answers skipped anyway has ended the slot's run
      return finish(record, lease, SlotRecord.State.succeeded, run.detail());
    }

    @Override
    public SlotRecord giveUp(AttemptPolicy.GiveUp giveUp) {
      String why = switch (giveUp.why()) {
        case POISON -> "poison, not retried: " + run.detail();
        case ATTEMPTS_USED_UP -> "failed " + attempt + " attempts; the last: " + run.detail();
      };
      return fail(record, lease, giveUp.cause().code(), why);
    }

    @Override
    public SlotRecord retry(AttemptPolicy.Retry retry) {
      waitFor(retry.delay(), 0);
      record = store.updateSlot(record.value().waiting(now(),
          "attempt " + attempt + " failed (" + run.detail() + "); retrying at " + retryAt), record.etag());
      attempt++;
      return null;
    }

    /** The slot's run goes on elsewhere (an attempt that outlived the wait for it, or one whose lease ran out first). */
    @Override
    public SlotRecord defer(AttemptPolicy.Defer defer) {
      waitFor(defer.delay(), 0);
      record = store.updateSlot(record.value().deferred(now(),
          "attempt " + attempt + " deferred (" + run.detail() + "); trying again at " + retryAt), record.etag());
      LOG.info("trigger={} function={} event={} attempt {} deferred ({} of at most {}), its run goes on elsewhere:"
          + " trying again at {}", trigger, function, eventId(record.value().slotInstant()), attempt,
          record.value().deferrals(), policy.maxDeferrals(), retryAt);
      return null;
    }

    /** Fn had no capacity, the function did not run. */
    @Override
    public SlotRecord throttle(AttemptPolicy.Throttle throttle) {
      waitFor(throttle.delay(), throttle.inARow());
      record = store.updateSlot(record.value().throttled(now(),
          "attempt " + attempt + " throttled (" + run.detail() + "); trying again at " + retryAt), record.etag());
      LOG.info("trigger={} function={} event={} attempt {} throttled ({} in a row), Fn is busy: trying again at {}",
          trigger, function, eventId(record.value().slotInstant()), attempt, throttles, retryAt);
      return null;
    }

    /** The next invocation is due after {@code wait}: the lease is renewed to then. */
    private void waitFor(Duration wait, int throttlesInARow) {
      throttles = throttlesInARow;
      retryAt = now().plus(wait);
      lease = store.writeLease(lease.value().renewed(attempt, retryAt.plus(LEASE_MARGIN)), lease.etag());
    }
  }

  /**
   * Ends the slot's run failed, for {@code why}, and has its status flag say so under {@code code} where
   * the function left it short of that.
   */
  private SlotRecord fail(Versioned<SlotRecord> record, Versioned<TimerLease> lease, String code, String why) {
    SlotRecord done = finish(record, lease, SlotRecord.State.failed, why);
    invoker.gaveUp(event(done), Math.max(1, done.attempts()), Failures.of(code, why));
    return done;
  }

  private SlotRecord finish(Versioned<SlotRecord> record, Versioned<TimerLease> lease, SlotRecord.State state, String why) {
    SlotRecord done = store.updateSlot(record.value().finished(state, now(), why), record.etag()).value();
    store.updateStatus(trigger, status -> {
      ScheduleStatus changed = status.ran(done);
      return (done.onDemand() ? changed : changed.decided(done.slotInstant())).stamped(now(), nextSlot().orElse(null));
    });
    release(lease);
    LOG.info("trigger={} function={} event={} {} after {} attempt(s){}", trigger, function, eventId(done.slotInstant()),
        state, done.attempts(), why == null || why.isEmpty() ? "" : ": " + why);
    return done;
  }

  private void release(Versioned<TimerLease> lease) {
    try {
      store.writeLease(lease.value().released(now()), lease.etag());
    } catch (PreconditionFailedException takenOver) {
      // another owner holds it now: nothing of ours to give up
    }
  }

  private TriggerEvent event(SlotRecord record) {
    return TriggerEvent.ofTimer(trigger, eventId(record.slotInstant()), record.idempotencyKey(),
        new TimerTick(record.slot(), record.pastDue(), record.onDemand()));
  }

  private String eventId(Instant slot) {
    return trigger + "@" + slot;
  }

  /** The first slot after {@code from}, plus this instance's jitter. */
  private Optional<Instant> nextWake(Instant from) {
    return source.schedule().nextAfter(from).map(slot -> slot.plus(jitter()));
  }

  private Optional<Instant> nextSlot() {
    return source.schedule().nextAfter(now());
  }

  private Duration jitter() {
    long max = source.jitter().toMillis();
    return max == 0 ? Duration.ZERO : Duration.ofMillis(random.nextLong(max + 1));
  }

  private Instant now() {
    return scheduler.clock().instant();
  }

  private static Instant earliest(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  /** The schedule, its status in the state bucket and the run holding the lease, for {@code GET /triggers}. */
  public Map<String, Object> describe() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("schedule", source.schedule().expression());
    details.put("timeZone", source.schedule().zone().getId());
    details.put("catchUp", source.catchUp());
    details.put("maxCatchUpAge", source.maxCatchUpAge().toString());
    details.put("overlap", source.overlap());
    details.put("jitter", source.jitter().toString());
    nextSlot().ifPresent(next -> details.put("nextFireTime", next.toString()));
    try {
      store.status(trigger).ifPresent(status -> putStatus(details, status));
      store.lease(trigger).map(Versioned::value).filter(lease -> !lease.freeAt(now()))
          .ifPresent(lease -> details.put("running", Map.of("slot", lease.slot(), "owner", lease.owner(),
              "attempt", lease.attempt(), "since", lease.acquiredAt(), "leaseExpiresAt", lease.expiresAt())));
    } catch (RuntimeException e) {
      details.put("statusError", "cannot read the schedule status from the state bucket: " + e.getMessage());
    }
    return details;
  }

  private static void putStatus(Map<String, Object> details, ScheduleStatus status) {
    Map<String, Object> last = new LinkedHashMap<>();
    putIfSet(last, "slot", status.lastSlot());
    putIfSet(last, "outcome", status.lastOutcome());
    putIfSet(last, "startedAt", status.lastRunStartedAt());
    putIfSet(last, "endedAt", status.lastRunEndedAt());
    putIfSet(last, "detail", status.lastDetail());
    if (!last.isEmpty()) {
      details.put("lastRun", last);
    }
    putIfSet(details, "decidedThrough", status.decidedThrough());
    details.put("skippedSlots", status.skippedSlots());
    putIfSet(details, "lastSkippedSlot", status.lastSkippedSlot());
    putIfSet(details, "lastSkipReason", status.lastSkipReason());
  }

  private static void putIfSet(Map<String, Object> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
