package io.fnjobs.triggers.runtime;

import io.fnjobs.triggers.definition.InvalidTriggerDefinitionException;
import io.fnjobs.triggers.definition.InvalidTriggerDefinitionException.Problem;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FnClient;
import io.fnjobs.triggers.fn.FnUnavailableException;
import io.fnjobs.triggers.fn.FunctionNotFoundException;
import io.fnjobs.triggers.fn.FunctionRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves every trigger's function on the Fn server before anything starts. A function that does not
 * exist fails start-up, named by file and field; an Fn API that does not answer yet is waited for, up to
 * a limit, since the Fn server may start after the trigger layer.
 */
final class FunctionBinder {

  private final FnClient fn;
  private final StartupWait startup;

  FunctionBinder(FnClient fn, StartupWait startup) {
    this.fn = fn;
    this.startup = startup;
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
    return startup.retry("Fn API for trigger " + definition.name(), FnUnavailableException.class,
        () -> fn.resolve(definition.app(), definition.function()),
        e -> new FnUnavailableException(e.getMessage() + " (waited " + startup.limit()
            + ", set FNJOBS_FN_STARTUP_WAIT to wait longer)", e));
  }
}
