package io.fnjobs.triggers.runtime;

import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.definition.TriggerType;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.http.AdminServer;
import java.util.List;

/**
 * One type of trigger (blob, queue, timer): it makes the listener of each definition of its type, and
 * adds the endpoints that type needs (a webhook receiver, dead-letter tooling, runs on demand).
 */
public interface TriggerModule {

  TriggerType type();

  TriggerListener listen(TriggerDefinition definition, FunctionRef function, TriggerContext context);

  /** Adds this type's endpoints, given its listeners (possibly none); by default none. */
  default void routes(AdminServer admin, List<TriggerListener> listeners, TriggerContext context) {}
}
