package io.fnjobs.fnhost.store;

import io.fnjobs.fnhost.catalog.Catalog;
import io.fnjobs.fnhost.catalog.FunctionDefinition;
import io.fnjobs.fnhost.container.FunctionEnvironment;
import io.fnjobs.fnhost.container.FunctionSpec;
import java.util.Optional;

/** Finds the code of a function's image among the functions the host's folder built: see {@link CallTarget}. */
final class FunctionCode {

  private final Catalog folder;

  FunctionCode(Catalog folder) {
    this.folder = folder;
  }

  CallTarget target(App app, Fn fn) {
    String name = repositoryName(fn.image());
    Optional<FunctionDefinition> code = folder.functionByName(name);
    if (code.isEmpty()) {
      return new CallTarget.NoCode(
          app.name(), fn.name(),
          "Failed to pull image '" + fn.image() + "': the embedded host pulls no images; it runs the functions built in"
              + " its functions folder, chosen by the image's name, and has none named '" + name + "' (it has "
              + folder.functions().stream().map(FunctionDefinition::name).toList() + ")");
    }
    return new CallTarget.Ready(
        new FunctionSpec(
            app.name(), fn.id(), fn.name(), code.get().cmd(), code.get().jars(), fn.timeout(),
            FunctionEnvironment.of(app.id(), app.name(), app.config(), fn.id(), fn.name(), fn.config(), fn.memoryMb())));
  }

  /** {@code registry:5000/owner/thumbnail:0.0.2@sha256:...} names the function {@code thumbnail}. */
  static String repositoryName(String image) {
    String name = image;
    int digest = name.indexOf('@');
    if (digest >= 0) {
      name = name.substring(0, digest);
    }
    name = name.substring(name.lastIndexOf('/') + 1);
    int tag = name.indexOf(':');
    return tag >= 0 ? name.substring(0, tag) : name;
  }
}
