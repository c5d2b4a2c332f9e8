package io.fnjobs.triggers.timer;

import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.definition.TriggerType;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runtime.TriggerContext;
import io.fnjobs.triggers.runtime.TriggerListener;
import io.fnjobs.triggers.runtime.TriggerModule;

/** Timer triggers: CRON schedules. */
public final class TimerTriggerModule implements TriggerModule {

  @Override
  public TriggerType type() {
    return TriggerType.timer;
  }

  @Override
  public TriggerListener listen(TriggerDefinition definition, FunctionRef function, TriggerContext context) {
    return new TimerListener(definition, function, context.s3(), context.options().stateBucket(), context.clock());
  }
}
