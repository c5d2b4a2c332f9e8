package io.fnjobs.fnhost.store;

import io.fnjobs.fnhost.container.FunctionSpec;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The apps and functions the Fn API serves, and their writes with Fn's rules ({@link FnRules}): what
 * the functions folder declares, with the host's config overrides, and what was written through the
 * API over it. Reads see every write that returned before them. The write methods throw {@link
 * InvalidResourceException} (400), {@link ResourceNotFoundException} (404) or {@link
 * ResourceConflictException} (409) and then change nothing.
 */
public interface FnStore {

  /** Every app, by name. */
  List<App> apps();

  Optional<App> app(String id);

  /** The functions of an app, by name; none for an unknown app. */
  List<Fn> fns(String appId);

  Optional<Fn> fn(String id);

  /** What a call of the function runs now; empty when there is no such function. */
  Optional<CallTarget> target(String fnId);

  App createApp(AppChange change);

  App updateApp(String id, AppChange change);

  /** Deletes the app and its functions, as Fn does. */
  void deleteApp(String id);

  Fn createFn(FnChange change);

  Fn updateFn(String id, FnChange change);

  void deleteFn(String id);

  /**
   * After each change, before the write returns, {@code listener} gets what every function that can
   * be called runs now, so that containers of an older spec are retired before the next call.
   */
  void onChange(Consumer<List<FunctionSpec>> listener);
}
