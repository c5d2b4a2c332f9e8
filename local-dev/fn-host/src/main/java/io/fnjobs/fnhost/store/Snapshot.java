package io.fnjobs.fnhost.store;

import io.fnjobs.fnhost.container.FunctionSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The apps and functions served at one moment: the folder's definitions with an {@link Overlay}
 * applied, and what a call of each function runs. Immutable; the store makes a new one per change.
 */
final class Snapshot {

  private final List<App> apps;
  private final Map<String, App> appsById = new LinkedHashMap<>();
  private final Map<String, Fn> fnsById = new LinkedHashMap<>();
  private final Map<String, CallTarget> targets = new LinkedHashMap<>();

  private Snapshot(List<App> apps, List<Fn> fns, FunctionCode code) {
    this.apps = List.copyOf(apps);
    apps.forEach(app -> appsById.put(app.id(), app));
    for (Fn fn : fns) {
      fnsById.put(fn.id(), fn);
      targets.put(fn.id(), code.target(appsById.get(fn.appId()), fn));
    }
  }

  /**
   * The folder's app and functions (by {@code app/function}) with what {@code overlay} wrote over them.
   * A function is served while its app is.
   */
  static Snapshot resolve(App folderApp, Map<String, Fn> folderFns, Overlay overlay, FunctionCode code) {
    Map<String, App> apps = new TreeMap<>();
    TreeSet<String> appNames = new TreeSet<>(overlay.apps().keySet());
    appNames.add(folderApp.name());
    for (String name : appNames) {
      Optional<App> declared = name.equals(folderApp.name()) ? Optional.of(folderApp) : Optional.empty();
      app(declared, overlay.apps().get(name)).ifPresent(app -> apps.put(name, app));
    }
    Map<String, App> appsById = new LinkedHashMap<>();
    apps.values().forEach(app -> appsById.put(app.id(), app));
    List<Fn> fns = new ArrayList<>();
    TreeSet<String> fnKeys = new TreeSet<>(overlay.fns().keySet());
    fnKeys.addAll(folderFns.keySet());
    for (String key : fnKeys) {
      fn(Optional.ofNullable(folderFns.get(key)), overlay.fns().get(key), appsById)
          .filter(fn -> appsById.containsKey(fn.appId()))
          .ifPresent(fns::add);
    }
    fns.sort(Comparator.comparing(Fn::appId).thenComparing(Fn::name));
    return new Snapshot(new ArrayList<>(apps.values()), fns, code);
  }

  private static Optional<App> app(Optional<App> declared, Entry<AppChange> entry) {
    if (entry == null) {
      return declared;
    }
    if (entry instanceof Entry.Changed<AppChange> changed) {
      return declared.map(app ->
          updatedAt(FnRules.updatedApp(app, changed.diff(), changed.updatedAt()), later(app.updatedAt(), changed.updatedAt())));
    }
    if (entry instanceof Entry.Created<AppChange> created) {
      return Optional.of(updatedAt(FnRules.newApp(created.resource(), created.createdAt()), created.updatedAt()));
    }
    return Optional.empty();
  }

  private static Optional<Fn> fn(Optional<Fn> declared, Entry<FnChange> entry, Map<String, App> appsById) {
    if (entry == null) {
      return declared;
    }
    if (entry instanceof Entry.Changed<FnChange> changed) {
      return declared.map(fn -> updatedAt(
          FnRules.updatedFn(fn, changed.diff(), changed.updatedAt()), later(fn.updatedAt(), changed.updatedAt())));
    }
    if (entry instanceof Entry.Created<FnChange> created) {
      try {
        Fn fn = FnRules.newFn(created.resource(), id -> Optional.ofNullable(appsById.get(id)), created.createdAt());
        return Optional.of(updatedAt(fn, created.updatedAt()));
      } catch (ResourceNotFoundException appGone) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** The last API write, or the file's time, if it was edited since. */
  private static Instant later(Instant declared, Instant written) {
    return declared.isAfter(written) ? declared : written;
  }

  private static App updatedAt(App app, Instant updatedAt) {
    return new App(app.id(), app.name(), app.config(), app.annotations(), app.syslogUrl(), app.createdAt(), updatedAt);
  }

  private static Fn updatedAt(Fn fn, Instant updatedAt) {
    return new Fn(fn.id(), fn.appId(), fn.name(), fn.image(), fn.memoryMb(), fn.timeout(), fn.idleTimeout(),
        fn.config(), fn.annotations(), fn.createdAt(), updatedAt);
  }

  List<App> apps() {
    return apps;
  }

  Optional<App> app(String id) {
    return Optional.ofNullable(appsById.get(id));
  }

  Optional<App> appByName(String name) {
    return apps.stream().filter(app -> app.name().equals(name)).findFirst();
  }

  List<Fn> fns(String appId) {
    return fnsById.values().stream().filter(fn -> fn.appId().equals(appId)).toList();
  }

  Optional<Fn> fn(String id) {
    return Optional.ofNullable(fnsById.get(id));
  }

  Optional<Fn> fnByName(String appId, String name) {
    return fns(appId).stream().filter(fn -> fn.name().equals(name)).findFirst();
  }

  Optional<CallTarget> target(String fnId) {
    return Optional.ofNullable(targets.get(fnId));
  }

  /** What each function that can be called runs. */
  List<FunctionSpec> runnable() {
    return targets.values().stream()
        .filter(CallTarget.Ready.class::isInstance)
        .map(target -> ((CallTarget.Ready) target).spec())
        .toList();
  }
}
