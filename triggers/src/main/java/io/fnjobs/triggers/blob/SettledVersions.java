package io.fnjobs.triggers.blob;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a sweep found settled, so that the next sweep need not read the same receipts again: listed
 * uploads whose receipt is settled, and receipts of removed objects that leave nothing to remove. Only a
 * shortcut: what is missing here is looked up in the store. Bounded (least recently seen dropped first),
 * so the sweep's memory stays flat however many objects the prefix holds.
 *
 * <p>An upload is remembered by its version and the last-modified time the listing gives it, not by
 * its version alone: a receipt stands only while the object keeps its content (see
 * {@link BlobDelivery}), so once other content came, this instance or another may have forgotten it.
 * The same content uploaded again after that lists with a later time and is looked up again, where a
 * memory of its version would have passed it over. Two uploads within the listing's time resolution
 * are one upload here; their events still reach the trigger. A receipt is remembered by its key and the
 * ETag it was listed with, which every write of it changes.
 */
final class SettledVersions {

  private final Map<String, Boolean> names;

  SettledVersions(int capacity) {
    this.names = new LinkedHashMap<>(1024, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
        return size() > capacity;
      }
    };
  }

  /** Whether the upload was found settled; {@code lastModified} as the listing gives it, null if it gives none. */
  boolean contains(ObjectChange change, Instant lastModified) {
    return contains(nameOf(change, lastModified));
  }

  void add(ObjectChange change, Instant lastModified) {
    add(nameOf(change, lastModified));
  }

  /** Whether every receipt of a removed object, as listed, was found to leave nothing to remove. */
  synchronized boolean containsAll(Receipts.ListedReceipts receipts) {
    return receipts.etags().entrySet().stream().allMatch(receipt -> names.get(nameOf(receipt)) != null);
  }

  synchronized void addAll(Receipts.ListedReceipts receipts) {
    receipts.etags().entrySet().forEach(receipt -> names.put(nameOf(receipt), Boolean.TRUE));
  }

  synchronized int size() {
    return names.size();
  }

  private synchronized boolean contains(String name) {
    return names.get(name) != null;
  }

  private synchronized void add(String name) {
    names.put(name, Boolean.TRUE);
  }

  private static String nameOf(ObjectChange change, Instant lastModified) {
    return change.blob().bucket() + "/" + change.blob().key() + "#" + change.version() + "@" + lastModified;
  }

  private static String nameOf(Map.Entry<String, String> receipt) {
    return receipt.getKey() + "#" + receipt.getValue();
  }
}
