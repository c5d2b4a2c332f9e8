package io.fnjobs.triggers.queue;

import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.definition.TriggerType;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runtime.TriggerContext;
import io.fnjobs.triggers.runtime.TriggerListener;
import io.fnjobs.triggers.runtime.TriggerModule;

/** Queue triggers: messages on SQS-compatible queues. */
public final class QueueTriggerModule implements TriggerModule {

  @Override
  public TriggerType type() {
    return TriggerType.queue;
  }

  @Override
  public TriggerListener listen(TriggerDefinition definition, FunctionRef function, TriggerContext context) {
    return new QueueListener(definition, function, context.sqs());
  }
}
