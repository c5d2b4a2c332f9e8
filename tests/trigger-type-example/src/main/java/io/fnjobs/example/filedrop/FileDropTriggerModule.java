package io.fnjobs.example.filedrop;

import io.fnjobs.common.event.TriggerEvent.Kind;
import io.fnjobs.triggers.definition.TriggerDefinition;
import io.fnjobs.triggers.fn.FunctionRef;
import io.fnjobs.triggers.runtime.TriggerContext;
import io.fnjobs.triggers.runtime.TriggerListener;
import io.fnjobs.triggers.runtime.TriggerModule;

/** File-drop triggers ({@code type: file-drop}): one {@link FileDropListener} per definition, no endpoints. */
public final class FileDropTriggerModule implements TriggerModule {

  @Override
  public Kind type() {
    return FileDropSource.TYPE;
  }

  @Override
  public Class<FileDropSource> sourceSpec() {
    return FileDropSource.class;
  }

  @Override
  public TriggerListener listen(TriggerDefinition definition, FunctionRef function, TriggerContext context) {
    return new FileDropListener(definition, function, context.invoker(), context.clock());
  }
}
