package io.fnjobs.triggers.blob;

import java.util.Arrays;

/**
 * The objects one sweep listed, so that it can tell which of the trigger's receipts belong to objects
 * that are gone. Kept as 64-bit fingerprints of their names, 8 bytes an object, in a sorted array: a
 * sweep over a million objects keeps 8 MB. Two names that share a fingerprint (about one chance in
 * 30 million for a million objects) only hide one removal from one sweep.
 */
final class ListedObjects {

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private long[] fingerprints = new long[1024];
  private int size;
  private boolean sorted = true;

  void add(String name) {
    if (size == fingerprints.length) {
      fingerprints = Arrays.copyOf(fingerprints, size * 2);
    }
    fingerprints[size++] = fingerprint(name);
    sorted = false;
  }

  boolean contains(String name) {
    if (!sorted) {
      Arrays.sort(fingerprints, 0, size);
      sorted = true;
    }
    return Arrays.binarySearch(fingerprints, 0, size, fingerprint(name)) >= 0;
  }

  int size() {
    return size;
  }

  /** FNV-1a over the name's characters. */
  private static long fingerprint(String name) {
    long hash = FNV_OFFSET;
    for (int i = 0; i < name.length(); i++) {
      hash ^= name.charAt(i);
      hash *= FNV_PRIME;
    }
    return hash;
  }
}
