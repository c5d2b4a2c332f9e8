package io.fnjobs.fnhost.store;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything written through the API, over the functions folder: an entry per app (by name) and per
 * function (by {@code app/function}). Immutable; a write makes the next one.
 */
record Overlay(Map<String, Entry<AppChange>> apps, Map<String, Entry<FnChange>> fns) {

  static final Overlay EMPTY = new Overlay(Map.of(), Map.of());

  Overlay {
    apps = Collections.unmodifiableMap(new TreeMap<>(apps));
    fns = Collections.unmodifiableMap(new TreeMap<>(fns));
  }

  static String fnKey(String appName, String fnName) {
    return appName + "/" + fnName;
  }

  /** This overlay with {@code entry} for the app {@code name}; none (null) drops what was written about it. */
  Overlay withApp(String name, Entry<AppChange> entry) {
    return new Overlay(with(apps, name, entry), fns);
  }

  Overlay withFn(String key, Entry<FnChange> entry) {
    return new Overlay(apps, with(fns, key, entry));
  }

  private static <C> Map<String, Entry<C>> with(Map<String, Entry<C>> entries, String key, Entry<C> entry) {
    Map<String, Entry<C>> next = new TreeMap<>(entries);
    if (entry == null) {
      next.remove(key);
    } else {
      next.put(key, entry);
    }
    return next;
  }
}
