package io.fnjobs.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Event fixtures (src/test/resources/events), one per function. */
final class Events {

  private Events() {}

  static String forFunction(String function) {
    String resource = "/events/" + function + ".json";
    try (InputStream in = Events.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no event fixture " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
