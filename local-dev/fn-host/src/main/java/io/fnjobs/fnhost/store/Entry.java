package io.fnjobs.fnhost.store;

import java.time.Instant;

/**
 * What the API wrote about one app or function, over what the functions folder declares.
 *
 * @param <C> {@link AppChange} or {@link FnChange}
 */
sealed interface Entry<C> {

  /** Deleted: the folder's definition of that name is not served. */
  record Deleted<C>() implements Entry<C> {}

  /**
   * The folder's definition, with {@code diff} applied: only what the API changed, so other edits of
   * the file show; an empty diff (a value set back as the file has it) keeps the time of the write.
   */
  record Changed<C>(C diff, Instant updatedAt) implements Entry<C> {}

  /** Created through the API (also over a deleted definition of the folder): all of it, the folder aside. */
  record Created<C>(C resource, Instant createdAt, Instant updatedAt) implements Entry<C> {}
}
