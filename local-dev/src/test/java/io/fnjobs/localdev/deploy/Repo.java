package io.fnjobs.localdev.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The checkout these tests read: the module runs in {@code local-dev/}, so the root is its parent. */
final class Repo {

  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  private Repo() {}

  static Path path(String relative) {
    return ROOT.resolve(relative);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The regular files under {@code folder} that pass {@code filter}, skipping build output. */
  static List<Path> files(Path folder, Predicate<Path> filter) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(folder)) {
      return walk.filter(Files::isRegularFile)
          .filter(file -> !ROOT.relativize(file).toString().contains("/target/"))
          .filter(filter)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String relative(Path file) {
    return ROOT.relativize(file).toString();
  }
}
