package io.fnjobs.triggers.blob;

import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.definition.TriggerType;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runtime.TriggerContext;
import io.fnjobs.triggers.runtime.TriggerListener;
import io.fnjobs.triggers.runtime.TriggerModule;

/** Blob triggers: changes of objects in a bucket. */
public final class BlobTriggerModule implements TriggerModule {

  @Override
  public TriggerType type() {
    return TriggerType.blob;
  }

  @Override
  public TriggerListener listen(TriggerDefinition definition, FunctionRef function, TriggerContext context) {
    return new BlobListener(definition, function, context.s3());
  }
}
