package io.fnjobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of the checkout made of links to it, but for the files a test changes: each changed file is a
 * real copy, in real folders on its path, and everything else links to the checkout, so the stack reads
 * the same functions' jars and the same infrastructure files but for those changes.
 *
 * <p>Tests that crash a stack use it to shorten what a restart waits for (a function's timeout, which
 * its holds derive from; a queue's visibility timeout) without a setting that exists only for them.
 */
final class LinkedCheckout {

  private final Path source;
  private final Path root;

  private LinkedCheckout(Path source, Path root) {
    this.source = source;
    this.root = root;
  }

  /** A copy of {@code source} at {@code root}, which must not exist yet, all of it linked. */
  static LinkedCheckout of(Path source, Path root) throws IOException {
    Files.createDirectories(root);
    link(source, root);
    return new LinkedCheckout(source, root);
  }

  /**
   * Changes {@code text} to {@code replacement} in the copy's {@code file} (relative to the checkout),
   * failing when the checkout's file does not hold {@code text}: a test that silently stopped changing
   * anything would no longer test what it says.
   */
  LinkedCheckout replacing(String file, String text, String replacement) throws IOException {
    String original = Files.readString(source.resolve(file));
    assertThat(original).as("%s in the checkout", file).contains(text);
    return writing(file, original.replace(text, replacement));
  }

  /** Writes {@code text} as the copy's {@code file} (relative to the checkout), new or in place of the link. */
  LinkedCheckout writing(String file, String text) throws IOException {
    Path copy = root.resolve(file);
    realFolders(copy.getParent());
    Files.deleteIfExists(copy);
    Files.writeString(copy, text);
    return this;
  }

  Path root() {
    return root;
  }

  /** Turns each linked folder from the root down to {@code folder} into a real one whose entries link to the checkout. */
  private void realFolders(Path folder) throws IOException {
    Path current = root;
    for (Path name : root.relativize(folder)) {
      current = current.resolve(name);
      if (Files.isSymbolicLink(current)) {
        Files.delete(current);
        Files.createDirectory(current);
        link(source.resolve(root.relativize(current)), current);
      }
    }
  }

  /** Links every entry of {@code from} into {@code into}. */
  private static void link(Path from, Path into) throws IOException {
    try (Stream<Path> entries = Files.list(from)) {
      entries.forEach(entry -> {
        try {
          Files.createSymbolicLink(into.resolve(entry.getFileName().toString()), entry);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    }
  }
}
