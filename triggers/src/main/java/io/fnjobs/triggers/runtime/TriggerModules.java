package io.fnjobs.triggers.runtime;

import io.fnjobs.common.event.TriggerEvent.Kind;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The trigger types on the class path: every {@link TriggerModule} registered in
 * {@code META-INF/services/io.fnjobs.triggers.runtime.TriggerModule}, by type name.
 */
public final class TriggerModules {

  private final SortedMap<String, TriggerModule> byType;

  private TriggerModules(SortedMap<String, TriggerModule> byType) {
    this.byType = Collections.unmodifiableSortedMap(byType);
  }

  /**
   * The modules the class loader of this class finds.
   *
   * @throws IllegalStateException when two modules claim one type name
   */
  public static TriggerModules installed() {
    return of(ServiceLoader.load(TriggerModule.class, TriggerModules.class.getClassLoader()).stream()
        .map(ServiceLoader.Provider::get).toList());
  }

  /** These modules; two of one type name are refused. */
  public static TriggerModules of(List<? extends TriggerModule> modules) {
    SortedMap<String, TriggerModule> byType = new TreeMap<>();
    for (TriggerModule module : modules) {
      TriggerModule other = byType.putIfAbsent(module.type().name(), module);
      if (other != null) {
        throw new IllegalStateException("trigger type '" + module.type() + "' is registered twice, by "
            + other.getClass().getName() + " and " + module.getClass().getName() + ": remove one from the class path");
      }
    }
    return new TriggerModules(byType);
  }

  /** Every module, by type name. */
  public List<TriggerModule> all() {
    return List.copyOf(byType.values());
  }

  public Optional<TriggerModule> of(Kind type) {
    return Optional.ofNullable(byType.get(type.name()));
  }
}
