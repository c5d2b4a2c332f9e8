package io.fnjobs.thumbnail.image;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * I/O failures on a file worded for the people who read flags and logs: the file is named by what it
 * is to them (the original's key), never by the temporary path it was spooled to, which means nothing
 * outside the function's container. The original exception's message is scrubbed of that path and of
 * the temporary folder, and it is not kept as the cause (a logged stack trace would show it again);
 * its stack is.
 */
public final class FileErrors {

  private FileErrors() {}

  /**
   * @param doing what failed, e.g. "cannot read the image file"
   * @param name the file as people know it
   * @param file where it lies, or null when the failure came before it had a path
   */
  public static UncheckedIOException failed(String doing, String name, Path file, IOException e) {
    String detail = e.getClass().getSimpleName() + ": " + scrub(e.getMessage(), file, name);
    IOException scrubbed = new IOException(detail);
    scrubbed.setStackTrace(e.getStackTrace());
    return new UncheckedIOException(doing + " " + name + " (" + detail + ")", scrubbed);
  }

  /** {@code message} with every spelling of {@code file} replaced by {@code name}, and of the temporary folder. */
  static String scrub(String message, Path file, String name) {
    if (message == null) {
      return "no detail";
    }
    String scrubbed = message;
    if (file != null) {
      scrubbed = scrubbed.replace(file.toAbsolutePath().toString(), name).replace(file.toString(), name);
    }
    String tmp = System.getProperty("java.io.tmpdir");
    if (tmp != null && !tmp.isBlank()) {
      String folder = Path.of(tmp).toAbsolutePath().normalize().toString();
      scrubbed = scrubbed.replace(folder, "<temporary folder>").replace(tmp, "<temporary folder>");
    }
    return scrubbed;
  }
}
