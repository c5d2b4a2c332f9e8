package io.fnjobs.cli;

import static io.fnjobs.cli.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fnjobs resume <trigger>}: the trigger takes work again, on every instance. */
@Command(name = "resume", description = "Resumes a paused trigger on every instance.")
final class ResumeCommand implements Callable<Integer> {

  @ParentCommand
  Fnjobs root;

  @Parameters(index = "0", paramLabel = "TRIGGER", description = "The trigger to resume.")
  String trigger;

  @Override
  public Integer call() {
    JsonNode answer = root.client().post("/triggers/" + AdminClient.segment(trigger) + "/resume", Map.of());
    root.show(answer, out -> out.println(answer.path("changed").asBoolean()
        ? "resumed " + trigger + ", paused since " + text(answer, "pausedSince")
        : trigger + " was not paused"));
    return 0;
  }
}
