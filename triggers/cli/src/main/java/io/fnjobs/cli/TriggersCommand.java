package io.fnjobs.cli;

import static io.fnjobs.cli.Fields.text;
import static io.fnjobs.cli.Fields.yesNo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code fnjobs triggers}: every trigger, its state and whether it is paused ({@code GET /triggers}). */
@Command(name = "triggers", description = "Lists the triggers: type, function, state, paused, and what is notable.")
final class TriggersCommand implements Callable<Integer> {

  @ParentCommand
  Fnjobs root;

  @Override
  public Integer call() {
    JsonNode answer = root.client().get("/triggers", Map.of());
    root.show(answer, out -> {
      Table table = new Table("NAME", "TYPE", "FUNCTION", "STATE", "PAUSED", "NOTE");
      for (JsonNode trigger : answer.path("triggers")) {
        table.row(text(trigger, "name"), text(trigger, "type"), text(trigger, "function"), text(trigger, "state"),
            yesNo(trigger, "paused"), note(trigger));
      }
      table.print(out);
    });
    return 0;
  }

  private static String note(JsonNode trigger) {
    if (trigger.hasNonNull("lastError")) {
      return "error: " + trigger.path("lastError").asText();
    }
    if (trigger.path("paused").asBoolean()) {
      return "paused since " + text(trigger, "pausedSince")
          + (trigger.hasNonNull("pauseReason") ? ": " + trigger.path("pauseReason").asText() : "");
    }
    if (trigger.hasNonNull("nextFireTime")) {
      return "next " + trigger.path("nextFireTime").asText();
    }
    if (trigger.hasNonNull("queues")) {
      return "queues " + Fields.list(trigger, "queues");
    }
    return trigger.hasNonNull("bucket") ? "watches " + text(trigger, "bucket") + "/" + text(trigger, "prefix") : "";
  }
}
