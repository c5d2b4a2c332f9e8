package io.fnjobs.cli;

import static io.fnjobs.cli.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fnjobs pause <trigger> [--reason TEXT]}: the trigger takes no new work, on every instance. */
@Command(name = "pause", description = "Pauses a trigger on every instance: a blob trigger claims nothing, a queue"
    + " trigger stops polling (messages stay queued), a timer skips its slots. Work going on finishes.")
final class PauseCommand implements Callable<Integer> {

  @ParentCommand
  Fnjobs root;

  @Parameters(index = "0", paramLabel = "TRIGGER", description = "The trigger to pause.")
  String trigger;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why, shown with the trigger (at most 200 characters).")
  String reason;

  @Override
  public Integer call() {
    JsonNode answer = root.client().post("/triggers/" + AdminClient.segment(trigger) + "/pause",
        reason == null ? Map.of() : Map.of("reason", reason));
    root.show(answer, out -> {
      String why = answer.hasNonNull("reason") ? " (" + answer.path("reason").asText() + ")" : "";
      out.println(answer.path("changed").asBoolean()
          ? "paused " + trigger + " since " + text(answer, "since") + why + "; resume: fnjobs resume " + trigger
          : trigger + " was paused already, since " + text(answer, "since") + why);
    });
    return 0;
  }
}
