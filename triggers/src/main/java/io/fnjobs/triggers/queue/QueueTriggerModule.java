package io.fnjobs.triggers.queue;

import io.fnjobs.common.event.TriggerEvent.Kind;
import io.fnjobs.common.store.S3ConditionalStore;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.http.AdminServer;
import io.fnjobs.triggers.runtime.QueueClients;
import io.fnjobs.triggers.runtime.TriggerContext;
import io.fnjobs.triggers.runtime.TriggerListener;
import io.fnjobs.triggers.runtime.TriggerModule;
import java.util.List;

/**
 * Queue triggers: messages on SQS-compatible queues; and the dead-letter tooling of their queues
 * ({@link DeadLetterRoutes}).
 */
public final class QueueTriggerModule implements TriggerModule {

  @Override
  public Kind type() {
    return Kind.queue;
  }

  @Override
  public Class<QueueSource> sourceSpec() {
    return QueueSource.class;
  }

  @Override
  public TriggerListener listen(TriggerDefinition definition, FunctionRef function, TriggerContext context) {
    return new QueueListener(definition, function, context, deadLetters(context));
  }

  @Override
  public void routes(AdminServer admin, List<TriggerListener> listeners, TriggerContext context) {
    List<QueueListener> queueListeners = listeners.stream().map(QueueListener.class::cast).toList();
    new DeadLetterRoutes(queueListeners, context.invoker().metrics()).addTo(admin);
  }

  private static DeadLetterQueues deadLetters(TriggerContext context) {
    S3ConditionalStore state = new S3ConditionalStore(context.s3(), context.options().stateBucket());
    AttributeSeal seal = AttributeSeal.of(
        context.options().typeSettings().get(AttributeKey.SETTING, ""), state, context.clock());
    return new DeadLetterQueues(QueueClients.shared(context), new RedriveLog(state), seal, context.clock());
  }
}
