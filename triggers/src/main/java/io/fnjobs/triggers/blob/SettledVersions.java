package io.fnjobs.triggers.blob;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The uploads a sweep found settled, so that the next sweep need not read their receipts again. Only
 * a shortcut: an upload missing here is looked up in the store. Bounded (least recently seen dropped
 * first), so the sweep's memory stays flat however many objects the prefix holds.
 *
 * <p>An upload is remembered by its version and the last-modified time the listing gives it, not by
 * its version alone: a receipt stands only while the object keeps its content (see
 * {@link BlobDelivery}), so once other content came, this instance or another may have forgotten it.
 * The same content uploaded again after that lists with a later time and is looked up again, where a
 * memory of its version would have passed it over. Two uploads within the listing's time resolution
 * are one upload here; their events still reach the trigger.
 */
final class SettledVersions {

  private final Map<String, Boolean> uploads;

  SettledVersions(int capacity) {
    this.uploads = new LinkedHashMap<>(1024, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Whether the upload was found settled; {@code lastModified} as the listing gives it, null if it gives none. */
  synchronized boolean contains(ObjectChange change, Instant lastModified) {
    return uploads.get(nameOf(change, lastModified)) != null;
  }

  synchronized void add(ObjectChange change, Instant lastModified) {
    uploads.put(nameOf(change, lastModified), Boolean.TRUE);
  }

  synchronized int size() {
    return uploads.size();
  }

  private static String nameOf(ObjectChange change, Instant lastModified) {
    return change.bucket() + "/" + change.key() + "#" + change.version() + "@" + lastModified;
  }
}
