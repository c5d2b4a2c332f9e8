package io.fnjobs.fnhost.store;

import io.fnjobs.fnhost.catalog.AppDefinition;
import io.fnjobs.fnhost.catalog.Catalog;
import io.fnjobs.fnhost.catalog.FunctionDefinition;
import io.fnjobs.fnhost.catalog.InvalidCatalogException;
import io.fnjobs.fnhost.catalog.InvalidCatalogException.Problem;
import io.fnjobs.fnhost.container.FunctionSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FnStore} over a functions folder: serves its app and functions, with the host's config
 * overrides applied, and layers what the API writes over them. The writes are kept in {@value
 * #FILE_NAME} of a data folder, when the host has one, and survive restarts: a function's config set
 * through the API wins over func.yaml, while the fields the API never changed follow the files.
 *
 * <p>The config overrides (e.g. the embedded stack's endpoints on free ports) are part of what the
 * folder declares: the app's config shows every one, a function's config shows those of its own keys,
 * so what the API answers is what the functions get.
 */
public final class OverlayStore implements FnStore {

  static final String FILE_NAME = "catalog.json";

  private static final Logger LOG = LoggerFactory.getLogger(OverlayStore.class);

  private final App folderApp;
  private final Map<String, Fn> folderFns;
  private final FunctionCode code;
  private final Optional<Path> file;
  private final Clock clock;
  private final List<Consumer<List<FunctionSpec>>> listeners = new CopyOnWriteArrayList<>();
  private Overlay overlay; // guarded by this
  private volatile Snapshot snapshot;

  private OverlayStore(
      App folderApp, Map<String, Fn> folderFns, FunctionCode code, Optional<Path> file, Clock clock, Overlay overlay) {
    this.folderApp = folderApp;
    this.folderFns = folderFns;
    this.code = code;
    this.file = file;
    this.clock = clock;
    this.overlay = overlay;
    this.snapshot = Snapshot.resolve(folderApp, folderFns, overlay, code);
  }

  /**
   * Serves {@code folder} with {@code overrides}, and what an earlier run wrote in {@code dataDir}.
   *
   * @param dataDir where writes are kept; none keeps them in memory until the host stops
   * @param clock what created_at and updated_at of writes are read on
   * @throws InvalidCatalogException the data folder's file cannot be read, or holds a change Fn would refuse
   */
  public static OverlayStore open(
      Catalog folder, Map<String, String> overrides, Optional<Path> dataDir, Clock clock) {
    App app = declared(folder.app(), overrides);
    Map<String, Fn> fns = new LinkedHashMap<>();
    folder.functions().forEach(fn -> fns.put(Overlay.fnKey(app.name(), fn.name()), declared(fn, overrides)));
    Optional<Path> file = dataDir.map(dir -> dir.resolve(FILE_NAME));
    Overlay overlay = file.map(OverlayFile::read).orElse(Overlay.EMPTY);
    OverlayStore store;
    try {
      store = new OverlayStore(app, fns, new FunctionCode(folder), file, clock, overlay);
    } catch (InvalidResourceException e) {
      throw new InvalidCatalogException(List.of(new Problem(file.orElseThrow(), "", null,
          "holds a change Fn refuses now (" + e.getMessage() + "): delete the file to serve the functions folder as it is")));
    }
    if (!overlay.apps().isEmpty() || !overlay.fns().isEmpty()) {
      LOG.info("Fn API: apps {} and functions {} as written through the API, from {}",
          overlay.apps().keySet(), overlay.fns().keySet(), file.orElseThrow());
      overlay.fns().forEach((key, entry) -> {
        if (!(entry instanceof Entry.Created) && !fns.containsKey(key)) {
          LOG.warn("Fn API: {} of {} changes function {}, which the functions folder no longer declares; it is"
              + " ignored", entry instanceof Entry.Deleted ? "the deletion" : "the change", file.orElseThrow(), key);
        }
      });
    }
    return store;
  }

  /** The app of app.yaml, every override in its config. */
  private static App declared(AppDefinition app, Map<String, String> overrides) {
    Map<String, String> config = new LinkedHashMap<>(app.config());
    config.putAll(overrides);
    return new App(app.id(), app.name(), config, app.annotations(), app.syslogUrl(), app.updatedAt(), app.updatedAt());
  }

  /** A function of the folder, the overrides in place of its own values of their keys. */
  private static Fn declared(FunctionDefinition fn, Map<String, String> overrides) {
    Map<String, String> config = new LinkedHashMap<>(fn.config());
    config.replaceAll((key, value) -> overrides.getOrDefault(key, value));
    return new Fn(fn.id(), fn.appId(), fn.name(), fn.image(), fn.memoryMb(), fn.timeout(), fn.idleTimeout(), config,
        fn.annotations(), fn.updatedAt(), fn.updatedAt());
  }

  @Override
  public List<App> apps() {
    return snapshot.apps();
  }

  @Override
  public Optional<App> app(String id) {
    return snapshot.app(id);
  }

  /** The app named {@code name}, if it is served. */
  public Optional<App> appByName(String name) {
    return snapshot.appByName(name);
  }

  @Override
  public List<Fn> fns(String appId) {
    return snapshot.fns(appId);
  }

  @Override
  public Optional<Fn> fn(String id) {
    return snapshot.fn(id);
  }

  @Override
  public Optional<CallTarget> target(String fnId) {
    return snapshot.target(fnId);
  }

  /** What every function that can be called runs now. */
  public List<FunctionSpec> runnable() {
    return snapshot.runnable();
  }

  @Override
  public synchronized App createApp(AppChange change) {
    App app = FnRules.newApp(change, clock.instant());
    if (snapshot.appByName(app.name()).isPresent()) {
      throw new ResourceConflictException("App already exists");
    }
    commit(overlay.withApp(app.name(), new Entry.Created<>(AppChange.of(app), app.createdAt(), app.updatedAt())),
        () -> LOG.info("app={}: created through the Fn API", app.name()));
    return snapshot.app(app.id()).orElseThrow();
  }

  @Override
  public synchronized App updateApp(String id, AppChange change) {
    App app = snapshot.app(id).orElseThrow(ResourceNotFoundException::app);
    App updated = FnRules.updatedApp(app, change, clock.instant());
    if (!updated.equals(app)) {
      commit(overlay.withApp(app.name(), appEntry(updated)),
          () -> LOG.info("app={}: updated through the Fn API ({}); its functions' hot containers are retired",
              app.name(), changed(FnRules.appDiff(app, updated))));
    }
    return snapshot.app(id).orElseThrow();
  }

  /** Created stays created; the folder's app keeps only what differs from app.yaml. */
  private Entry<AppChange> appEntry(App updated) {
    if (overlay.apps().get(updated.name()) instanceof Entry.Created<AppChange> created) {
      return new Entry.Created<>(AppChange.of(updated), created.createdAt(), updated.updatedAt());
    }
    return new Entry.Changed<>(FnRules.appDiff(folderApp, updated), updated.updatedAt());
  }

  @Override
  public synchronized void deleteApp(String id) {
    App app = snapshot.app(id).orElseThrow(ResourceNotFoundException::app);
    Overlay next = overlay.withApp(app.name(), app.name().equals(folderApp.name()) ? new Entry.Deleted<>() : null);
    for (Fn fn : snapshot.fns(id)) {
      next = next.withFn(Overlay.fnKey(app.name(), fn.name()), deletion(app, fn));
    }
    commit(next, () -> LOG.info("app={}: deleted through the Fn API, with its functions", app.name()));
  }

  @Override
  public synchronized Fn createFn(FnChange change) {
    Fn fn = FnRules.newFn(change, snapshot::app, clock.instant());
    App app = snapshot.app(fn.appId()).orElseThrow();
    if (snapshot.fnByName(app.id(), fn.name()).isPresent()) {
      throw new ResourceConflictException("Fn with specified name already exists");
    }
    commit(overlay.withFn(Overlay.fnKey(app.name(), fn.name()),
            new Entry.Created<>(FnChange.of(fn), fn.createdAt(), fn.updatedAt())),
        () -> LOG.info("app={} fn={}: created through the Fn API with image {}", app.name(), fn.name(), fn.image()));
    return snapshot.fn(fn.id()).orElseThrow();
  }

  @Override
  public synchronized Fn updateFn(String id, FnChange change) {
    Fn fn = snapshot.fn(id).orElseThrow(ResourceNotFoundException::fn);
    Fn updated = FnRules.updatedFn(fn, change, clock.instant());
    if (!updated.equals(fn)) {
      App app = snapshot.app(fn.appId()).orElseThrow();
      commit(overlay.withFn(Overlay.fnKey(app.name(), fn.name()), fnEntry(app, updated)),
          () -> LOG.info("app={} fn={}: updated through the Fn API ({}); its hot containers are retired",
              app.name(), fn.name(), changed(FnRules.fnDiff(fn, updated))));
    }
    return snapshot.fn(id).orElseThrow();
  }

  /** Created stays created; a function of the folder keeps only what differs from its func.yaml. */
  private Entry<FnChange> fnEntry(App app, Fn updated) {
    String key = Overlay.fnKey(app.name(), updated.name());
    if (overlay.fns().get(key) instanceof Entry.Created<FnChange> created) {
      return new Entry.Created<>(FnChange.of(updated), created.createdAt(), updated.updatedAt());
    }
    return new Entry.Changed<>(FnRules.fnDiff(folderFns.get(key), updated), updated.updatedAt());
  }

  @Override
  public synchronized void deleteFn(String id) {
    Fn fn = snapshot.fn(id).orElseThrow(ResourceNotFoundException::fn);
    App app = snapshot.app(fn.appId()).orElseThrow();
    commit(overlay.withFn(Overlay.fnKey(app.name(), fn.name()), deletion(app, fn)),
        () -> LOG.info("app={} fn={}: deleted through the Fn API", app.name(), fn.name()));
  }

  /** A function of the folder stays deleted; one created through the API is forgotten. */
  private Entry<FnChange> deletion(App app, Fn fn) {
    return folderFns.containsKey(Overlay.fnKey(app.name(), fn.name())) ? new Entry.Deleted<>() : null;
  }

  /** What a change touched, for the log: names of config keys and settings, no config values. */
  private static String changed(AppChange diff) {
    List<String> parts = new ArrayList<>();
    diff.syslogUrl().ifPresent(url -> parts.add("syslog_url"));
    addKeys(parts, diff.config(), diff.annotations());
    return String.join(", ", parts);
  }

  private static String changed(FnChange diff) {
    List<String> parts = new ArrayList<>();
    diff.image().ifPresent(image -> parts.add("image " + image));
    diff.memoryMb().ifPresent(memory -> parts.add("memory " + memory));
    diff.timeoutSeconds().ifPresent(timeout -> parts.add("timeout " + timeout));
    diff.idleTimeoutSeconds().ifPresent(idle -> parts.add("idle_timeout " + idle));
    addKeys(parts, diff.config(), diff.annotations());
    return String.join(", ", parts);
  }

  private static void addKeys(List<String> parts, Map<String, String> config, Map<String, Object> annotations) {
    if (!config.isEmpty()) {
      parts.add("config keys " + config.keySet());
    }
    if (!annotations.isEmpty()) {
      parts.add("annotations " + annotations.keySet());
    }
  }

  @Override
  public void onChange(Consumer<List<FunctionSpec>> listener) {
    listeners.add(listener);
  }

  /**
   * Saves {@code next} first: a change that cannot be kept is not served either. Then logs the change
   * and tells the listeners, whose own logs follow.
   *
   * @throws ChangeNotSavedException the data folder refused the file
   */
  private void commit(Overlay next, Runnable log) {
    Snapshot resolved = Snapshot.resolve(folderApp, folderFns, next, code);
    file.ifPresent(path -> OverlayFile.write(path, next));
    overlay = next;
    snapshot = resolved;
    log.run();
    List<FunctionSpec> runnable = resolved.runnable();
    listeners.forEach(listener -> listener.accept(runnable));
  }
}
