package io.fnjobs.fnhost.store;

/**
 * A write through the API could not be kept in the host's data folder (full disk, no permission, a
 * file where the folder should be); Fn would answer 500. Nothing was changed: the store serves what it
 * served before. The cause names the file and what the system refused.
 */
public final class ChangeNotSavedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  ChangeNotSavedException(String fileName, Exception cause) {
    super("the change was not made: the host cannot save it in " + fileName + " of its data folder ("
        + cause.getClass().getSimpleName() + "); see the host's log", cause);
  }
}
