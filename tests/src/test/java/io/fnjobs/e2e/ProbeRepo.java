package io.fnjobs.e2e;

import io.fnjobs.e2e.probe.ProbeFunction;
import io.fnjobs.fnhost.FunctionsFolder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A checkout of its own for trigger tests: the fnjobs app with only the {@code probe} function, and
 * the queues and trigger definitions a test gives, as the embedded stack reads them from a repository.
 */
final class ProbeRepo {

  private ProbeRepo() {}

  /**
   * @param resources the text of infra/resources.yaml
   * @param triggers file name to text of each infra/triggers file
   */
  static Path create(Path dir, URI recorder, String resources, Map<String, String> triggers) {
    try {
      Files.createDirectories(dir.resolve("infra/triggers"));
      Files.writeString(dir.resolve("infra/resources.yaml"), resources);
      for (Map.Entry<String, String> trigger : triggers.entrySet()) {
        Files.writeString(dir.resolve("infra/triggers").resolve(trigger.getKey()), trigger.getValue());
      }
      FunctionsFolder.create(dir.resolve("functions"), "fnjobs", Map.of())
          .function("probe", ProbeFunction.class, 60, Map.of("RECORDER_URL", recorder.toString()));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A queue trigger definition for the probe function. */
  static String queueTrigger(String name, String queues, int concurrency, int batchSize, String visibility,
      int maxAttempts) {
    return "name: " + name + "\n"
        + "type: queue\n"
        + "app: fnjobs\n"
        + "function: probe\n"
        + "source:\n"
        + "  queues: " + queues + "\n"
        + "  concurrency: " + concurrency + "\n"
        + "  batchSize: " + batchSize + "\n"
        + "  waitTime: PT1S\n"
        + "  visibilityTimeout: " + visibility + "\n"
        + "  idempotencyFields: [id]\n"
        + "delivery:\n"
        + "  maxAttempts: " + maxAttempts + "\n"
        + "  initialBackoff: PT1S\n"
        + "  maxBackoff: PT4S\n";
  }
}
