package io.fnjobs.fnhost.catalog;

import java.util.List;
import java.util.Optional;

/** The app and its functions, as read from a functions folder by {@link CatalogLoader}. */
public record Catalog(AppDefinition app, List<FunctionDefinition> functions) {

  public Catalog {
    functions = List.copyOf(functions);
  }

  public Optional<FunctionDefinition> functionById(String id) {
    return functions.stream().filter(function -> function.id().equals(id)).findFirst();
  }

  public Optional<FunctionDefinition> functionByName(String name) {
    return functions.stream().filter(function -> function.name().equals(name)).findFirst();
  }
}
