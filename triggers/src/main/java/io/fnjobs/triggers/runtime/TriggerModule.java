package io.fnjobs.triggers.runtime;

import io.fnjobs.triggers.definition.SourceType;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.http.AdminServer;
import java.util.List;

/**
 * One type of trigger (blob, queue, timer, or one of your own): the name trigger files give it and its
 * source spec ({@link SourceType}), the listener of each definition of its type, and the endpoints that
 * type needs (a webhook receiver, dead-letter tooling, runs on demand).
 *
 * <p>A type is found, not listed: its package registers the module in
 * {@code META-INF/services/io.fnjobs.triggers.runtime.TriggerModule} ({@link TriggerModules}), and it
 * needs a public no-argument constructor. Its listener sends the function a {@code TriggerEvent} of
 * the type's kind and derives its idempotency key from the event. Settings only this type reads (a
 * webhook token, say) it reads itself, by variable name, from the context's
 * {@code options().typeSettings()}.
 */
public interface TriggerModule extends SourceType {

  TriggerListener listen(TriggerDefinition definition, FunctionRef function, TriggerContext context);

  /** Adds this type's endpoints, given its listeners (possibly none); by default none. */
  default void routes(AdminServer admin, List<TriggerListener> listeners, TriggerContext context) {}
}
