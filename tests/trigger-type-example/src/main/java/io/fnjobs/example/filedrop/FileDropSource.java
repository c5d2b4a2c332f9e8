package io.fnjobs.example.filedrop;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.fnjobs.common.event.TriggerEvent.Kind;
import io.fnjobs.triggers.definition.DefinitionProblem;
import io.fnjobs.triggers.definition.SourceSpec;
import java.nio.file.Path;
import java.time.Duration;

/** A folder whose files are the events, looked at every {@code pollInterval} (default 1 s). */
public record FileDropSource(Path folder, Duration pollInterval) implements SourceSpec {

  public static final Kind TYPE = Kind.of("file-drop");
  private static final Duration SHORTEST = Duration.ofMillis(50);

  @JsonCreator
  static FileDropSource of(
      @JsonProperty("folder") String folder, @JsonProperty("pollInterval") Duration pollInterval) {
    DefinitionProblem.required("folder", folder);
    Duration interval = pollInterval == null ? Duration.ofSeconds(1) : pollInterval;
    if (interval.compareTo(SHORTEST) < 0) {
      throw new DefinitionProblem("pollInterval", interval, "must be " + SHORTEST + " or longer");
    }
    return new FileDropSource(Path.of(folder), interval);
  }

  @Override
  public Kind type() {
    return TYPE;
  }

  @Override
  public String flagSubject() {
    return "file name";
  }
}
