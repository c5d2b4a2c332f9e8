package io.fnjobs.cli;

import static io.fnjobs.cli.Fields.text;
import static io.fnjobs.cli.Fields.yesNo;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code fnjobs timers}: every timer and its last slots ({@code GET /timers}); {@code run} runs one now. */
@Command(name = "timers", description = "Lists the timers: schedule, next slot, last run, and their last slots.",
    subcommands = TimersCommand.Run.class)
final class TimersCommand implements Callable<Integer> {

  @ParentCommand
  Fnjobs root;

  @Option(names = "--slots", paramLabel = "N", defaultValue = "5", description = "How many of each timer's last slots (0 to 50).")
  int slots;

  @Override
  public Integer call() {
    JsonNode answer = root.client().get("/timers", Map.of("slots", String.valueOf(slots)));
    root.show(answer, out -> print(out, answer.path("timers")));
    return 0;
  }

  private static void print(PrintWriter out, JsonNode timers) {
    Table table = new Table("NAME", "SCHEDULE", "ZONE", "PAUSED", "NEXT", "LAST RUN", "OUTCOME", "SKIPPED");
    for (JsonNode timer : timers) {
      table.row(text(timer, "name"), text(timer, "schedule"), text(timer, "timeZone"), yesNo(timer, "paused"),
          text(timer, "nextFireTime"), text(timer.path("lastRun"), "slot"), text(timer.path("lastRun"), "outcome"),
          timer.path("skippedSlots").asLong()
              + (timer.hasNonNull("lastSkipReason") ? " (last: " + timer.path("lastSkipReason").asText() + ")" : ""));
    }
    table.print(out);
    for (JsonNode timer : timers) {
      if (!timer.path("recentSlots").isEmpty()) {
        out.println();
        out.println(text(timer, "name") + ", last slots:");
        printSlots(out, timer.path("recentSlots"));
      }
    }
  }

  private static void printSlots(PrintWriter out, JsonNode slots) {
    Table table = new Table("SLOT", "STATE", "KIND", "ATTEMPTS", "ENDED", "DETAIL");
    for (JsonNode slot : slots) {
      String kind = slot.path("onDemand").asBoolean() ? "on demand" : slot.path("pastDue").asBoolean() ? "late" : "scheduled";
      table.row(text(slot, "slot"), text(slot, "state"), kind, text(slot, "attempts"), text(slot, "endedAt"),
          text(slot, "detail"));
    }
    table.print(out);
  }

  /** {@code fnjobs timers run <name> [--wait]}: runs a timer's function now ({@code POST /timers/{name}/run}). */
  @Command(name = "run", description = "Runs a timer's function now, unless a run is going on.")
  static final class Run implements Callable<Integer> {

    @ParentCommand
    TimersCommand timers;

    @Parameters(index = "0", paramLabel = "NAME", description = "The timer trigger.")
    String name;

    @Option(names = "--wait", description = "Wait for the run to end; exit 1 unless it succeeded.")
    boolean wait;

    @Override
    public Integer call() {
      Fnjobs root = timers.root;
      AdminClient client = wait ? root.client(null) : root.client();
      JsonNode slot = client.post("/timers/" + AdminClient.segment(name) + "/run", wait ? Map.of("wait", "true") : Map.of());
      boolean succeeded = !wait || "succeeded".equals(slot.path("state").asText());
      root.show(slot, out -> out.println(!wait
          ? "started " + name + " slot " + text(slot, "slot") + "; follow it: fnjobs timers"
          : name + " slot " + text(slot, "slot") + " " + text(slot, "state") + " after " + slot.path("attempts").asInt()
              + " attempt(s)" + (slot.hasNonNull("detail") ? ": " + slot.path("detail").asText() : "")));
      return succeeded ? 0 : 1;
    }
  }
}
