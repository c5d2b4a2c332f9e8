package io.fnjobs.triggers.timer;

import io.fnjobs.triggers.control.PauseSwitch;
import io.fnjobs.triggers.http.AdminServer.Handler;
import io.fnjobs.triggers.http.AdminServer.Reply;
import io.fnjobs.triggers.http.AdminServer.Request;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /timers?slots=10}: every timer trigger with its schedule and time zone, whether it is
 * paused, the next slot, the last run, the skips and why, the run holding it now, and its last
 * {@code slots} slots (at most {@value #MAX_SLOTS}) with their outcome, newest first.
 */
final class TimersView implements Handler {

  static final int DEFAULT_SLOTS = 10;
  static final int MAX_SLOTS = 50;

  private final List<TimerListener> timers;
  private final SlotHistory history;
  private final PauseSwitch pauses;
  private final Clock clock;

  TimersView(List<TimerListener> timers, SlotHistory history, PauseSwitch pauses, Clock clock) {
    this.timers = List.copyOf(timers);
    this.history = history;
    this.pauses = pauses;
    this.clock = clock;
  }

  @Override
  public Reply handle(Request request) {
    String text = request.query().getOrDefault("slots", String.valueOf(DEFAULT_SLOTS));
    int slots;
    try {
      slots = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return Reply.error(400, "slots '" + text + "' is not a whole number");
    }
    if (slots < 0 || slots > MAX_SLOTS) {
      return Reply.error(400, "slots must be from 0 to " + MAX_SLOTS + ", was " + slots);
    }
    Instant now = clock.instant();
    return Reply.ok(Map.of("timers", timers.stream().map(timer -> describe(timer, slots, now)).toList(),
        "at", now.toString()));
  }

  private Map<String, Object> describe(TimerListener timer, int slots, Instant now) {
    String name = timer.definition().name();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("name", name);
    entry.put("function", timer.definition().function());
    entry.put("state", timer.state());
    entry.put("paused", pauses.isPaused(name));
    entry.putAll(timer.details());
    if (slots > 0) {
      try {
        entry.put("recentSlots",
            history.recent(name, timer.definition().source(TimerSource.class).schedule(), now, slots));
      } catch (RuntimeException e) {
        entry.put("recentSlotsError", "cannot read the slot records from the state bucket: " + e.getMessage());
      }
    }
    return entry;
  }
}
