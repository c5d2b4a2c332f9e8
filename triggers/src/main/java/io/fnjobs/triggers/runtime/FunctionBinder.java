package io.fnjobs.triggers.runtime;

import io.fnjobs.triggers.definition.InvalidTriggerDefinitionException;
import io.fnjobs.triggers.definition.InvalidTriggerDefinitionException.Problem;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FnClient;
import io.fnjobs.triggers.fn.FnUnavailableException;
import io.fnjobs.triggers.fn.FunctionNotFoundException;
import io.fnjobs.triggers.fn.FunctionRef;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves every trigger's function on the Fn server before anything starts. A function that does not
 * exist fails start-up, named by file and field; an Fn API that does not answer yet is waited for, up to
 * a limit, since the Fn server may start after the trigger layer.
 */
final class FunctionBinder {

  private static final Logger LOG = LoggerFactory.getLogger(FunctionBinder.class);

  private final FnClient fn;
  private final Clock clock;
  private final Duration startupWait;

  FunctionBinder(FnClient fn, Clock clock, Duration startupWait) {
    this.fn = fn;
    this.clock = clock;
    this.startupWait = startupWait;
  }

  Map<TriggerDefinition, FunctionRef> bind(List<TriggerDefinition> definitions) {
    Map<TriggerDefinition, FunctionRef> bound = new LinkedHashMap<>();
    List<Problem> problems = new ArrayList<>();
    for (TriggerDefinition definition : definitions) {
      try {
        bound.put(definition, resolveWaiting(definition));
      } catch (FunctionNotFoundException e) {
        problems.add(new Problem(definition.file(), e.field(), e.value(), e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidTriggerDefinitionException(problems);
    }
    return bound;
  }

  private FunctionRef resolveWaiting(TriggerDefinition definition) {
    Instant giveUp = clock.instant().plus(startupWait);
    while (true) {
      try {
        return fn.resolve(definition.app(), definition.function());
      } catch (FnUnavailableException e) {
        if (!clock.instant().isBefore(giveUp)) {
          throw new FnUnavailableException(
              e.getMessage() + " (waited " + startupWait + ", set FNJOBS_FN_STARTUP_WAIT to wait longer)", e);
        }
        LOG.warn("trigger={} function={} Fn API not answering yet, retrying: {}",
            definition.name(), definition.function(), e.getMessage());
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FnUnavailableException("interrupted while waiting for the Fn API", e);
    }
  }
}
