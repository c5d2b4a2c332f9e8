package io.fnjobs.triggers.timer;

import io.fnjobs.triggers.http.AdminServer.Handler;
import io.fnjobs.triggers.http.AdminServer.Reply;
import io.fnjobs.triggers.http.AdminServer.Request;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * {@code POST /timers/{name}/run}: runs a timer's function now, under the rule of one run at a time.
 * Answers 202 with the slot once the run has its lease and slot (or, with {@code ?wait=true}, 200 with
 * the slot's final record once it has ended); 409 when another run is going, naming it; 404 for an
 * unknown timer; 503 while the timer cannot run.
 */
final class RunOnDemand implements Handler {

  private final List<TimerListener> timers;

  RunOnDemand(List<TimerListener> timers) {
    this.timers = List.copyOf(timers);
  }

  @Override
  public Reply handle(Request request) {
    String name = request.path().get("name");
    TimerListener timer = timers.stream().filter(t -> t.definition().name().equals(name)).findFirst().orElse(null);
    if (timer == null) {
      List<String> names = timers.stream().map(t -> t.definition().name()).toList();
      return Reply.error(404, "no timer trigger '" + name + "'; the timer triggers are "
          + (names.isEmpty() ? "none" : String.join(", ", names)));
    }
    OnDemand result = timer.runNow();
    if (result instanceof OnDemand.Busy busy) {
      return busy(name, busy.holder());
    }
    if (result instanceof OnDemand.Unavailable unavailable) {
      return Reply.error(503, "timer " + name + " cannot run now: " + unavailable.reason());
    }
    OnDemand.Started started = (OnDemand.Started) result;
    if (!"true".equalsIgnoreCase(request.query().getOrDefault("wait", "false"))) {
      return new Reply(202, started.record());
    }
    return Reply.ok(awaitEnd(started));
  }

  private static Reply busy(String name, TimerLease holder) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", "timer " + name + " is already running slot " + holder.slot() + " (owner " + holder.owner()
        + ", since " + holder.acquiredAt() + "): this run was not started; try again once that run has ended");
    body.put("running", holder);
    return new Reply(409, body);
  }

  private static SlotRecord awaitEnd(OnDemand.Started started) {
    try {
      return started.done().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the run of " + started.record().slot(), e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("the run of " + started.record().slot() + " failed: " + e.getCause().getMessage(),
          e.getCause());
    }
  }
}
