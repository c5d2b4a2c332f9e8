package io.fnjobs.triggers.timer;

import io.fnjobs.triggers.timer.TimerSource.CatchUp;
import io.fnjobs.triggers.timer.TimerSource.Overlap;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Decides, from the shared status and the time, what happens to the scheduled slots not decided yet:
 * which run (and whether late) and which are skipped, and why. A pure function: the listener carries
 * the decisions out.
 *
 * <ul>
 *   <li>The newest slot is on time if it is at most {@code jitter + }{@link #tolerance} old: it runs.
 *   <li>Slots that came before the last run ended follow {@code overlap}: {@code skip} skips them;
 *       {@code wait} runs the newest of them now, late, and skips the rest. The run's end decides, not
 *       its lease: a run that ended before a slot does not overlap it, however late its lease is given
 *       back.
 *   <li>Older slots were missed (no instance ran them in time), and follow {@code catchUp}: {@code skip}
 *       skips them, {@code once} runs the newest of them, late, {@code all} runs each, oldest first, late.
 *   <li>Slots older than {@code maxCatchUpAge} are dropped.
 * </ul>
 *
 * <p>While another run holds the lease, nothing is planned: the slots that come meanwhile are decided
 * once it has ended, by when it ended.
 */
final class SlotPlanner {

  /** The most a slot may start late, beyond the jitter, and still count as on time. */
  static final Duration LATE_AFTER = Duration.ofSeconds(10);
  // enough for a slot every second over a day; a longer backlog keeps its newest slots
  private static final int MAX_SLOTS = 100_000;

  /** What happens to one slot. */
  record Decision(Instant slot, boolean run, boolean pastDue, String reason) {
    static Decision run(Instant slot, boolean pastDue, String reason) {
      return new Decision(slot, true, pastDue, reason);
    }

    static Decision skip(Instant slot, String reason) {
      return new Decision(slot, false, true, reason);
    }
  }

  /**
   * The decisions in slot order, and the instant through which scheduled slots count as decided once
   * they are carried out (later than the last decision when older slots were dropped for their age).
   */
  record Plan(List<Decision> decisions, Instant decidedThrough) {}

  private final TimerSource source;

  SlotPlanner(TimerSource source) {
    this.source = source;
  }

  /**
   * @param decidedThrough the status's decidedThrough, or null when the timer never decided a slot
   * @param lastRunEnded when the last run ended, or null
   * @param since when this listener started: without a status, no slot before it counts as missed
   */
  Plan plan(Instant decidedThrough, Instant lastRunEnded, Instant since, Instant now) {
    Instant from = decidedThrough != null ? decidedThrough : since;
    Instant oldestAllowed = now.minus(source.maxCatchUpAge()).minusNanos(1);
    if (from.isBefore(oldestAllowed)) {
      from = oldestAllowed;
    }
    List<Instant> due = dueSlots(from, now);
    if (due.isEmpty()) {
      return new Plan(List.of(), from);
    }
    List<Decision> decisions = new ArrayList<>();
    Instant newest = due.get(due.size() - 1);
    boolean onTime = !newest.isBefore(now.minus(onTimeWithin(newest)))
        && (lastRunEnded == null || newest.isAfter(lastRunEnded));
    List<Instant> earlier = onTime ? due.subList(0, due.size() - 1) : due;
    List<Instant> duringRun = earlier.stream().filter(slot -> lastRunEnded != null && !slot.isAfter(lastRunEnded)).toList();
    List<Instant> missed = earlier.subList(duringRun.size(), earlier.size());
    decideOverlapped(duringRun, lastRunEnded, decisions);
    decideMissed(missed, decisions);
    if (onTime) {
      decisions.add(Decision.run(newest, false, "on time"));
    }
    return new Plan(List.copyOf(decisions), newest);
  }

  /**
   * How late beyond the jitter {@code slot} may start and still be on time: half the time to the slot
   * after it, at most {@link #LATE_AFTER}. A fixed allowance longer than the schedule's period would
   * call a run that starts when the next slot is due "on time".
   */
  Duration tolerance(Instant slot) {
    return source.schedule().nextAfter(slot)
        .map(next -> Duration.between(slot, next).dividedBy(2))
        .filter(half -> half.compareTo(LATE_AFTER) < 0)
        .orElse(LATE_AFTER);
  }

  /** How late {@code slot} may start and still be on time: the jitter plus its {@link #tolerance}. */
  Duration onTimeWithin(Instant slot) {
    return source.jitter().plus(tolerance(slot));
  }

  private void decideOverlapped(List<Instant> slots, Instant runEnded, List<Decision> decisions) {
    if (slots.isEmpty()) {
      return;
    }
    if (source.overlap() == Overlap.skip) {
      slots.forEach(slot -> decisions.add(
          Decision.skip(slot, "came before the previous run ended at " + runEnded + " (overlap: skip)")));
      return;
    }
    Instant newest = slots.get(slots.size() - 1);
    slots.subList(0, slots.size() - 1).forEach(slot -> decisions.add(Decision.skip(slot,
        "came before the previous run ended at " + runEnded + "; " + newest + " ran after it (overlap: wait)")));
    decisions.add(Decision.run(newest, true, "waited for the previous run (overlap: wait)"));
  }

  private void decideMissed(List<Instant> slots, List<Decision> decisions) {
    if (slots.isEmpty()) {
      return;
    }
    CatchUp catchUp = source.catchUp();
    Instant newest = slots.get(slots.size() - 1);
    for (Instant slot : slots) {
      String missed = "missed: not started within " + onTimeWithin(slot) + " of its time";
      if (catchUp == CatchUp.all) {
        decisions.add(Decision.run(slot, true, missed + " (catchUp: all)"));
      } else if (catchUp == CatchUp.once && slot.equals(newest)) {
        decisions.add(Decision.run(slot, true, missed + " (catchUp: once)"));
      } else if (catchUp == CatchUp.once) {
        decisions.add(Decision.skip(slot, missed + "; " + newest + " ran for it (catchUp: once)"));
      } else {
        decisions.add(Decision.skip(slot, missed + " (catchUp: skip)"));
      }
    }
  }

  /** The slots in (from, now], oldest first; only the newest {@link #MAX_SLOTS} of a longer backlog. */
  private List<Instant> dueSlots(Instant from, Instant now) {
    Deque<Instant> due = new ArrayDeque<>();
    Optional<Instant> next = source.schedule().nextAfter(from);
    while (next.isPresent() && !next.get().isAfter(now)) {
      if (due.size() == MAX_SLOTS) {
        due.removeFirst();
      }
      due.addLast(next.get());
      next = source.schedule().nextAfter(next.get());
    }
    return new ArrayList<>(due);
  }
}
