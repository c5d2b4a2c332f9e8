package io.fnjobs.triggers.blob;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The object versions a sweep found settled, so that the next sweep need not read their receipts
 * again. Only a shortcut: a version missing here is looked up in the store. Bounded (least recently
 * seen dropped first), so the sweep's memory stays flat however many objects the prefix holds.
 */
final class SettledVersions {

  private final Map<String, Boolean> versions;

  SettledVersions(int capacity) {
    this.versions = new LinkedHashMap<>(1024, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  synchronized boolean contains(ObjectChange change) {
    return versions.get(nameOf(change)) != null;
  }

  synchronized void add(ObjectChange change) {
    versions.put(nameOf(change), Boolean.TRUE);
  }

  synchronized int size() {
    return versions.size();
  }

  private static String nameOf(ObjectChange change) {
    return change.bucket() + "/" + change.key() + "#" + change.version();
  }
}
