package io.fnjobs.fnhost.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Read-only copies that keep the order of the file (Map.copyOf would not, nor take null values). */
public final class Frozen {

  private Frozen() {}

  public static <V> Map<String, V> map(Map<String, V> values) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }
}
