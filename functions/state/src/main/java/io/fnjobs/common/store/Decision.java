package io.fnjobs.common.store;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What an update decided from the document as it stands: write a value over it, leave it, or delete
 * it; each with the answer to give once that stands (computed only then, so its side effects happen
 * once, after the write that won).
 *
 * @param <T> the document
 * @param <R> the answer of the update
 */
public sealed interface Decision<T, R> {

  /** Write {@code value} (create where none is, replace what was read); answer from what was written. */
  static <T, R> Decision<T, R> write(T value, Function<Versioned<T>, R> answer) {
    return new Write<>(value, answer);
  }

  /** Leave the document as it is. */
  static <T, R> Decision<T, R> leave(Supplier<R> answer) {
    return new Leave<>(answer);
  }

  /** Delete the document (unconditionally: deleting is final whatever was written meanwhile). */
  static <T, R> Decision<T, R> delete(Supplier<R> answer) {
    return new Delete<>(answer);
  }

  record Write<T, R>(T value, Function<Versioned<T>, R> answer) implements Decision<T, R> {}

  record Leave<T, R>(Supplier<R> answer) implements Decision<T, R> {}

  record Delete<T, R>(Supplier<R> answer) implements Decision<T, R> {}
}
