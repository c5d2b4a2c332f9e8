package io.fnjobs.cleanup.storage;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Re-sorts items listed in key order into the order of {@code key + suffix}, the order the status
 * flags ({@code <key>.json}) of those keys list in, so that the two listings can be merged.
 *
 * <p>The orders differ only where one key is a prefix of another: {@code a} before {@code a-b}, but
 * {@code a-b.json} before {@code a.json}. So an item is held back while the items after it extend its
 * key with a rest that sorts before the suffix; held items nest, and the stack of them is never longer
 * than a key. Memory stays flat.
 */
public final class SuffixOrder<T> implements Iterator<T> {

  private final Iterator<T> source;
  private final Function<T, String> key;
  private final String suffix;
  private final Deque<T> held = new ArrayDeque<>();
  private final Deque<T> ready = new ArrayDeque<>();

  public SuffixOrder(Iterator<T> source, Function<T, String> key, String suffix) {
    this.source = source;
    this.key = key;
    this.suffix = suffix;
  }

  @Override
  public boolean hasNext() {
    fill();
    return !ready.isEmpty();
  }

  @Override
  public T next() {
    fill();
    if (ready.isEmpty()) {
      throw new NoSuchElementException();
    }
    return ready.removeFirst();
  }

  private void fill() {
    while (ready.isEmpty() && source.hasNext()) {
      T item = source.next();
      String itemKey = key.apply(item);
      while (!held.isEmpty()) {
        String top = key.apply(held.peek());
        if (itemKey.startsWith(top) && KeyOrder.sortsBefore(itemKey.substring(top.length()), suffix)) {
          break;
        }
        ready.addLast(held.pop());
      }
      held.push(item);
    }
    if (ready.isEmpty() && !source.hasNext()) {
      while (!held.isEmpty()) {
        ready.addLast(held.pop());
      }
    }
  }
}
